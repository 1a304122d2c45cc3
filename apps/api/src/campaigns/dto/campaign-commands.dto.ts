import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength, MinLength, ArrayMaxSize } from 'class-validator';

export class HoldConferenceDto {
  @ApiProperty({ example: '2023-06-13' })
  @IsString()
  heldOn: string;

  @ApiPropertyOptional({ example: 'PST et convention présentés aux maires' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class MoveDeadlineDto {
  @ApiProperty({ example: '2023-11-15T23:59:59+01:00' })
  @IsString()
  deliberationDeadline: string;
}

export class SignConventionDto {
  @ApiProperty({ example: '2023-11-21' })
  @IsString()
  signedOn: string;

  @ApiPropertyOptional({ example: ['200071298', 'caf-31'], description: 'signatories who signed; all that adopted when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  signedBy?: string[];
}

export class ReasonDto {
  @ApiProperty({ example: 'erreur de saisie du nombre de voix' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}
