import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { isEmail } from '@ctg/domain';

/** As for ADMIN_PASSWORD (api-settings.ts) and the command line's `admins add`. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1000;

/** The product's rule for an e-mail address (the same as a signatory's). */
const IsAdministratorEmail = () =>
  ValidateBy({ name: 'isAdministratorEmail', validator: { validate: (value) => isEmail(value), defaultMessage: () => 'must be an e-mail address' } });

export class AddAdministratorDto {
  @ApiProperty({ example: 'secretariat@cc-lauragais.example.fr' })
  @IsString()
  @IsAdministratorEmail()
  email: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'the password the account has now' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword: string;
}

export class AdministratorAccountDto {
  @ApiProperty({ example: 'secretariat@cc-lauragais.example.fr' })
  email: string;

  @ApiProperty({ example: '2026-11-30T09:12:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'set while the account is disabled: it cannot log in and its tokens are refused' })
  disabledAt: string | null;
}

export class AdministratorListDto {
  @ApiProperty({ type: [AdministratorAccountDto] })
  administrators: AdministratorAccountDto[];
}

export class AccessTokenDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ example: '2026-11-30T17:12:00.000Z' })
  expiresAt: string;
}
