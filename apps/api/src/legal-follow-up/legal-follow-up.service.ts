import { Injectable } from '@nestjs/common';
import { Actor, LEGAL_FOLLOW_UP_FIELDS, LegalFollowUpInput } from '../../../../libs/domain/src';
import { CampaignReadRepository } from '../../../../libs/persistence/src';
import { recordLegalFollowUpUpdate } from '../../../../libs/temporal/src';
import { ApiError } from '../common/api-error';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';
import { RecordLegalFollowUpDto } from './dto/record-legal-follow-up.dto';

export interface LegalFollowUpAnswer {
  signatoryId: string;
  legalFollowUp: Record<string, string> | null;
  /** Still missing its transmission or executory day (for an adopted deliberation). */
  missing: boolean;
  phase: string;
}

@Injectable()
export class LegalFollowUpService {
  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
  ) {}

  async record(campaignId: string, signatoryId: string, body: RecordLegalFollowUpDto, actor: Actor): Promise<LegalFollowUpAnswer> {
    if (!(await this.campaigns.find(campaignId))) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    if (!(await this.campaigns.hasSignatory(campaignId, signatoryId))) {
      throw ApiError.notFound(`unknown signatory ${signatoryId} in campaign ${campaignId}`);
    }
    const input: LegalFollowUpInput = {};
    for (const field of LEGAL_FOLLOW_UP_FIELDS) if (body[field] !== undefined) input[field] = body[field];
    const result = await this.gateway.update(campaignId, recordLegalFollowUpUpdate, { signatoryId, ...input, actor });
    const [row] = await this.campaigns.signatories(campaignId, signatoryId);
    return {
      signatoryId,
      legalFollowUp: row?.legalFollowUp ?? null,
      missing: (await this.campaigns.legalFollowUpMissing(campaignId)).includes(signatoryId),
      phase: result.phase,
    };
  }
}
