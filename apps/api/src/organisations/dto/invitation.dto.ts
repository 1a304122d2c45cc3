import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { isEmail } from '@ctg/domain';
import { MEMBER_ROLES, MemberRole } from '@ctg/persistence';
import { MIN_PASSWORD_LENGTH } from '../../administrators/dto/administrator.dto';

export const INVITATION_TOKEN = /^iv_[A-Za-z0-9_-]{43}$/;

export class InviteDto {
  @ApiProperty({ example: 'dgs@cc-terres-du-lauragais.example.org' })
  @IsString()
  @ValidateBy({ name: 'isEmail', validator: { validate: (value) => isEmail(value), defaultMessage: () => 'must be an e-mail address' } })
  email: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn([...MEMBER_ROLES])
  role: MemberRole;
}

export class InvitationTokenDto {
  @ApiProperty({ description: 'the token of the link the invitation e-mail carries (`iv_…`)' })
  @IsString()
  @Matches(INVITATION_TOKEN, { message: 'must be the token of an invitation link' })
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, description: 'the new account’s password; not for a person who has an account already' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1000)
  password?: string;
}
