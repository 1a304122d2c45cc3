import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { isCleanText, isEmail } from '@ctg/domain';

/** The answer to POST …/link/send: who the e-mail goes to and until when its link is valid. */
export class PersonalLinkSentDto {
  @ApiProperty({ example: ['mairie-31582@example.org'] })
  sentTo: string[];

  @ApiProperty({ example: '2024-02-28T09:12:00.000Z', description: 'the new link stops working then, or at the signature or cancellation' })
  expiresAt: string;
}

/** POST …/link/forward: the person the secretary passes the link on to. */
export class ForwardLinkDto {
  @ApiProperty({ example: 'Marie Dupont', description: 'the name of the colleague or the mayor the link is forwarded to' })
  @ValidateBy({ name: 'isPersonName', validator: { validate: (value) => isCleanText(value, 200), defaultMessage: () => 'must be the name of the person, 1 to 200 characters' } })
  name: string;

  @ApiProperty({ example: 'maire@mairie-31582.example.org' })
  @ValidateBy({ name: 'isEmail', validator: { validate: (value) => isEmail(value), defaultMessage: () => 'must be an e-mail address' } })
  email: string;
}
