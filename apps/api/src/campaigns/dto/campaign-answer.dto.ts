import { ApiProperty } from '@nestjs/swagger';
import { PHASES, Phase } from '@ctg/domain';

/**
 * What a write on a campaign answers: the campaign as `GET /campaigns/:id` shows it once the read
 * model holds the write, and until then (it lags, or PostgreSQL is down) these three fields, from
 * Temporal's answer: the write is accepted all the same.
 */
export class CampaignAnswerDto {
  @ApiProperty({ example: 'ctg-terres-du-lauragais-2023' })
  id: string;

  @ApiProperty({ enum: PHASES, example: 'awaiting_conference' })
  phase: Phase;

  @ApiProperty({ example: 'campaign:ctg-terres-du-lauragais-2023' })
  workflowId: string;
}
