import { ApiProperty } from '@nestjs/swagger';

/** The answer to POST …/link: the secretary's personal link, shown once (only its hash is stored). */
export class IssuedLinkDto {
  @ApiProperty({ example: 'https://ctg.example.org/deliberation?token=sl_…' })
  url: string;

  @ApiProperty({ example: 'sl_3q2-7wEm0tzxvT1kQhW6yQ4V1b9cU8y2fDnJxkRrJxo', description: 'also sent as `Authorization: Bearer <token>`' })
  token: string;

  @ApiProperty({ example: '2024-03-20T09:12:00.000Z', description: 'the link stops working then, at the signature or cancellation, or when a newer link is issued' })
  expiresAt: string;
}
