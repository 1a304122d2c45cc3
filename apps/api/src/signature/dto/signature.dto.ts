import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_AUTHORITY_TEXT, SIGNING_BODIES, SigningBodies } from '@ctg/domain';

export class SigningAuthorityDto {
  @ApiProperty({ example: 'Marie Dupont', description: 'the person who signs for the body' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_AUTHORITY_TEXT)
  name: string;

  @ApiProperty({ example: 'le Maire', description: 'in what capacity: « le Maire », « la Présidente », « le Directeur »' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_AUTHORITY_TEXT)
  capacity: string;

  @ApiPropertyOptional({ example: 'nouvelle présidente élue le 2 octobre', description: 'required of an administrator replacing a named authority' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class CirculationDto {
  @ApiProperty({ enum: SIGNING_BODIES, description: 'every body that adopted, or the required ones only' })
  @IsIn(SIGNING_BODIES)
  signingBodies: SigningBodies;

  @ApiPropertyOptional({ example: '2023-12-31T23:59:59+01:00', description: 'until when the signature links work; default LINK_TTL_DAYS' })
  @IsOptional()
  @IsString()
  expiresAt?: string;
}

export class SignAsBodyDto {
  @ApiProperty({ example: '042917', description: 'the 6-digit code e-mailed to the body' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'must be the 6 digits of the code e-mailed' })
  code: string;

  @ApiProperty({ example: 'Marie Dupont' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_AUTHORITY_TEXT)
  name: string;

  @ApiProperty({ example: 'le Maire' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_AUTHORITY_TEXT)
  capacity: string;

  @ApiProperty({ example: 'a3f5…', description: 'the SHA-256 of the convention the signer was shown' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hexadecimal characters' })
  conventionSha256: string;
}
