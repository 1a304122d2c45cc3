import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DECISIONS, Decision, MAX_COUNT, MAX_NUMBER_LENGTH } from '@ctg/domain';

const COUNT = { minimum: 0, maximum: MAX_COUNT };

export class RecordDeliberationDto {
  @ApiProperty({ example: '2023-07-04', description: 'day of the assembly session' })
  @IsString()
  sessionDate: string;

  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision: Decision;

  @ApiProperty({ example: 23, ...COUNT })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  votesFor: number;

  @ApiProperty({ example: 0, ...COUNT })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  votesAgainst: number;

  @ApiProperty({ example: 2, ...COUNT })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  abstentions: number;

  @ApiPropertyOptional({ example: '2023-045', description: "number in the body's register" })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NUMBER_LENGTH)
  number?: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the signed deliberation PDF (64 hex characters)' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters (SHA-256)' })
  documentSha256?: string;

  @ApiPropertyOptional({ description: "the chair's casting vote broke a tie (L2121-20)" })
  @IsOptional()
  @IsBoolean()
  tieBrokenByChair?: boolean;

  @ApiPropertyOptional({ example: 27, ...COUNT })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  membersInOffice?: number;

  @ApiPropertyOptional({ example: 22, ...COUNT })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  membersPresent?: number;

  @ApiPropertyOptional({ example: 3, ...COUNT })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  proxies?: number;

  @ApiPropertyOptional({ description: 'second convocation: no quorum needed (L2121-17)' })
  @IsOptional()
  @IsBoolean()
  reconvened?: boolean;
}

export class ScheduleSessionDto {
  @ApiProperty({ example: '2023-07-04' })
  @IsString()
  sessionDate: string;
}

export class CorrectDeliberationDto {
  @ApiProperty({ example: 'erreur de saisie du nombre de voix' })
  @IsString()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ type: RecordDeliberationDto })
  @ValidateNested()
  @Type(() => RecordDeliberationDto)
  deliberation: RecordDeliberationDto;
}
