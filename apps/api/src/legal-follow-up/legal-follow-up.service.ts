import { Injectable } from '@nestjs/common';
import {
  Actor,
  LEGAL_FOLLOW_UP_FIELDS,
  LegalFollowUp,
  LegalFollowUpInput,
  isLegalFollowUpMissing,
  mergeLegalFollowUp,
} from '@ctg/domain';
import { CampaignReadRepository, SignatoryRowView, isTransientDatabaseFailure } from '@ctg/persistence';
import { recordLegalFollowUpUpdate } from '@ctg/contracts';
import { ApiError } from '../common/api-error';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';
import { RecordLegalFollowUpDto } from './dto/record-legal-follow-up.dto';

export interface LegalFollowUpAnswer {
  signatoryId: string;
  legalFollowUp: LegalFollowUp | null;
  /** Still missing its transmission, acknowledgment or executory day (for an adopted deliberation). */
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
    const [before] = await this.campaigns.signatories(campaignId, signatoryId);
    if (!before) throw ApiError.notFound(`unknown signatory ${signatoryId} in campaign ${campaignId}`);
    const input: LegalFollowUpInput = {};
    for (const field of LEGAL_FOLLOW_UP_FIELDS) if (body[field] !== undefined) input[field] = body[field];
    const result = await this.gateway.update(campaignId, recordLegalFollowUpUpdate, { signatoryId, ...input, actor });
    // Accepted by Temporal: while the read model does not show it, the answer is the request applied to what it showed before.
    const shown = (await this.projected(campaignId, signatoryId, result.lastSeq)) ?? before;
    const legalFollowUp: LegalFollowUp | null = shown === before ? mergeLegalFollowUp(before.legalFollowUp ?? undefined, input) : shown.legalFollowUp;
    const recorded = legalFollowUp && Object.keys(legalFollowUp).length > 0 ? legalFollowUp : null;
    return {
      signatoryId,
      legalFollowUp: recorded,
      missing: isLegalFollowUpMissing({ deliberation: shown.deliberation ?? undefined, legalFollowUp: recorded ?? undefined }),
      phase: result.phase,
    };
  }

  private async projected(campaignId: string, signatoryId: string, seq: number): Promise<SignatoryRowView | undefined> {
    try {
      if (((await this.campaigns.lastSeq(campaignId)) ?? 0) < seq) return undefined;
      return (await this.campaigns.signatories(campaignId, signatoryId))[0];
    } catch (error) {
      if (isTransientDatabaseFailure(error)) return undefined;
      throw error;
    }
  }
}
