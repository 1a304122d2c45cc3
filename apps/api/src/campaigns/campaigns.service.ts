import { Injectable } from '@nestjs/common';
import {
  Actor,
  CampaignDefinition,
  DEFAULT_REMINDER_POLICY,
  slugify,
  validateCampaignDefinition,
} from '../../../../libs/domain/src';
import { CampaignReadRepository, CampaignSummaryView, SignatoryLinkRepository } from '../../../../libs/persistence/src';
import {
  cancelCampaignUpdate,
  holdConferenceUpdate,
  moveDeadlineUpdate,
  signConventionUpdate,
} from '../../../../libs/temporal/src';
import { ApiError } from '../common/api-error';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';
import { CreateCampaignDto, HoldConferenceDto, MoveDeadlineDto, SignConventionDto } from './dto';

export interface CampaignView extends Omit<CampaignSummaryView, 'lastSeq'> {
  requiredPending: string[];
  /** Adopted deliberations whose transmission to the prefecture or executory day is missing. */
  legalFollowUpMissing: string[];
  workflowId: string;
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
    private readonly links: SignatoryLinkRepository,
  ) {}

  /** Launches the campaign; the same id and body again finds it (`created: false`). */
  async launch(body: CreateCampaignDto, actor: Actor): Promise<{ created: boolean; campaign: CampaignView }> {
    const definition: CampaignDefinition = {
      id: body.id ?? slugify(body.title),
      title: body.title,
      territory: { ...body.territory },
      ...(body.conferenceDate === undefined ? {} : { conferenceDate: body.conferenceDate }),
      deliberationDeadline: body.deliberationDeadline,
      signatories: body.signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, email: s.email, required: s.required })),
      reminderPolicy: body.reminderPolicy ? { ...body.reminderPolicy, before: [...body.reminderPolicy.before] } : DEFAULT_REMINDER_POLICY,
      ...(body.administrators === undefined ? {} : { administrators: [...body.administrators] }),
    };
    if (definition.territory.siren === undefined) delete definition.territory.siren;
    const errors = validateCampaignDefinition(definition);
    if (errors.length) throw ApiError.invalid(errors);
    const outcome = await this.gateway.launch(definition, actor);
    return { created: outcome.created, campaign: await this.get(definition.id) };
  }

  list(): Promise<CampaignSummaryView[]> {
    return this.campaigns.list();
  }

  async get(campaignId: string): Promise<CampaignView> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    const { lastSeq: _lastSeq, ...summary } = campaign;
    return {
      ...summary,
      requiredPending: await this.campaigns.requiredPending(campaignId),
      legalFollowUpMissing: await this.campaigns.legalFollowUpMissing(campaignId),
      workflowId: `campaign:${campaignId}`,
    };
  }

  async holdConference(campaignId: string, body: HoldConferenceDto, actor: Actor): Promise<CampaignView> {
    await this.get(campaignId);
    await this.gateway.update(campaignId, holdConferenceUpdate, { ...body, actor });
    return this.get(campaignId);
  }

  async moveDeadline(campaignId: string, body: MoveDeadlineDto, actor: Actor): Promise<CampaignView> {
    await this.get(campaignId);
    await this.gateway.update(campaignId, moveDeadlineUpdate, { ...body, actor });
    return this.get(campaignId);
  }

  async sign(campaignId: string, body: SignConventionDto, actor: Actor): Promise<CampaignView> {
    await this.get(campaignId);
    await this.gateway.update(campaignId, signConventionUpdate, { ...body, actor });
    await this.links.expireCampaign(campaignId);
    return this.get(campaignId);
  }

  async cancel(campaignId: string, reason: string, actor: Actor): Promise<CampaignView> {
    await this.get(campaignId);
    await this.gateway.update(campaignId, cancelCampaignUpdate, { reason, actor });
    await this.links.expireCampaign(campaignId);
    return this.get(campaignId);
  }
}
