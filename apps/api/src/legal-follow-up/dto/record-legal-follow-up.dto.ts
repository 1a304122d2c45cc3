import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_ACTES_ID_LENGTH } from '@ctg/domain';

const KEEP_OR_CLEAR = 'absent: unchanged; null: cleared';

/** The contrôle de légalité of a deliberation; the order of the dates is checked by the domain. */
export class RecordLegalFollowUpDto {
  @ApiPropertyOptional({ example: '2023-07-10', nullable: true, description: `day of the transmission to the prefecture (L2131-2); ${KEEP_OR_CLEAR}` })
  @IsOptional()
  @IsString()
  transmittedOn?: string | null;

  @ApiPropertyOptional({ example: '031-213105826-20230704-2023_045-DE', nullable: true, description: `the act's identifier on @ctes; ${KEEP_OR_CLEAR}` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ACTES_ID_LENGTH)
  actesId?: string | null;

  @ApiPropertyOptional({ example: '2023-07-10T14:32:05+02:00', nullable: true, description: `timestamp of the acknowledgment (accusé de réception); ${KEEP_OR_CLEAR}` })
  @IsOptional()
  @IsString()
  acknowledgedAt?: string | null;

  @ApiPropertyOptional({ example: '2023-07-12', nullable: true, description: `day the act became executory (L2131-1); ${KEEP_OR_CLEAR}` })
  @IsOptional()
  @IsString()
  executoryOn?: string | null;
}
