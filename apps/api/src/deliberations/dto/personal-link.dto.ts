import { ApiProperty } from '@nestjs/swagger';

/** The answer to POST …/link/send: who the e-mail goes to and until when its link is valid. */
export class PersonalLinkSentDto {
  @ApiProperty({ example: ['mairie-31582@example.org'] })
  sentTo: string[];

  @ApiProperty({ example: '2024-02-28T09:12:00.000Z', description: 'the new link stops working then, or at the signature or cancellation' })
  expiresAt: string;
}
