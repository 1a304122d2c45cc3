import { Inject, Injectable } from '@nestjs/common';
import { Actor, Deliberation, isClosedPhase } from '@ctg/domain';
import { CampaignReadRepository, SignatoryLinkRepository, SignatoryRowView } from '@ctg/persistence';
import { DeliberationResult, correctDeliberationUpdate, recordDeliberationUpdate, reopenDeliberationUpdate, scheduleSessionUpdate, sendPersonalLinkUpdate, forwardPersonalLinkUpdate } from '@ctg/contracts';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';

const DAY_MS = 86_400_000;

export interface DeliberationAnswer {
  signatoryId: string;
  status: DeliberationResult['status'];
  late: boolean;
  phase: DeliberationResult['phase'];
}

@Injectable()
export class DeliberationsService {
  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
    private readonly links: SignatoryLinkRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async signatories(campaignId: string): Promise<SignatoryRowView[]> {
    await this.requireCampaign(campaignId);
    return this.campaigns.signatories(campaignId);
  }

  async scheduleSession(campaignId: string, signatoryId: string, sessionDate: string, actor: Actor): Promise<DeliberationAnswer> {
    await this.requireSignatory(campaignId, signatoryId);
    const result = await this.gateway.update(campaignId, scheduleSessionUpdate, { signatoryId, sessionDate, actor });
    return this.answer(signatoryId, result);
  }

  async record(campaignId: string, signatoryId: string, deliberation: Deliberation, actor: Actor): Promise<DeliberationAnswer> {
    await this.requireSignatory(campaignId, signatoryId);
    const result = await this.gateway.update(campaignId, recordDeliberationUpdate, {
      signatoryId,
      deliberation: { ...deliberation },
      actor,
    });
    return this.answer(signatoryId, result);
  }

  async correct(
    campaignId: string,
    signatoryId: string,
    body: { reason: string; deliberation: Deliberation },
    actor: Actor,
  ): Promise<DeliberationAnswer> {
    await this.requireSignatory(campaignId, signatoryId);
    const result = await this.gateway.update(campaignId, correctDeliberationUpdate, {
      signatoryId,
      reason: body.reason,
      deliberation: { ...body.deliberation },
      actor,
    });
    return this.answer(signatoryId, result);
  }

  async reopen(campaignId: string, signatoryId: string, reason: string, actor: Actor): Promise<DeliberationAnswer> {
    await this.requireSignatory(campaignId, signatoryId);
    const result = await this.gateway.update(campaignId, reopenDeliberationUpdate, { signatoryId, reason, actor });
    return this.answer(signatoryId, result);
  }

  /** A secretary's personal link; issuing one revokes the signatory's earlier links. */
  async issueLink(campaignId: string, signatoryId: string, actor: Actor): Promise<{ url: string; token: string; expiresAt: string }> {
    await this.requireLinkable(campaignId, signatoryId);
    const link = await this.links.issue(campaignId, signatoryId, actor.id, this.settings.linkTtlDays * DAY_MS);
    return {
      url: `${this.settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`,
      token: link.token,
      expiresAt: link.expiresAt,
    };
  }

  /**
   * Has a new personal link e-mailed to the signatory's secretary: the campaign workflow records
   * the request, then its activity issues the link (revoking the older ones) and sends it.
   */
  async sendLink(campaignId: string, signatoryId: string, actor: Actor): Promise<{ sentTo: string[]; expiresAt: string }> {
    await this.requireLinkable(campaignId, signatoryId);
    const expiresAt = new Date(Date.now() + this.settings.linkTtlDays * DAY_MS).toISOString();
    const result = await this.gateway.update(campaignId, sendPersonalLinkUpdate, { signatoryId, expiresAt, actor });
    return { sentTo: result.sentTo, expiresAt: result.expiresAt };
  }

  /** The body's link passed on to `delegate`, with a link of their own, as long as the body's. */
  async forwardLink(campaignId: string, signatoryId: string, delegate: { name: string; email: string }, actor: Actor): Promise<{ sentTo: string[]; expiresAt: string }> {
    await this.requireLinkable(campaignId, signatoryId);
    const expiresAt = new Date(Date.now() + this.settings.linkTtlDays * DAY_MS).toISOString();
    const result = await this.gateway.update(campaignId, forwardPersonalLinkUpdate, { signatoryId, delegate, expiresAt, actor });
    return { sentTo: result.sentTo, expiresAt: result.expiresAt };
  }

  private async requireLinkable(campaignId: string, signatoryId: string): Promise<void> {
    const campaign = await this.requireSignatory(campaignId, signatoryId);
    if (isClosedPhase(campaign.phase)) {
      throw ApiError.conflict(`the campaign is ${campaign.phase}: no link can be issued`);
    }
  }

  private answer(signatoryId: string, result: DeliberationResult): DeliberationAnswer {
    return { signatoryId, status: result.status, late: result.late, phase: result.phase };
  }

  private async requireCampaign(campaignId: string) {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return campaign;
  }

  private async requireSignatory(campaignId: string, signatoryId: string): Promise<{ phase: string }> {
    const found = await this.campaigns.locate(campaignId, signatoryId);
    if (!found) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    if (!found.hasSignatory) throw ApiError.notFound(`unknown signatory ${signatoryId} in campaign ${campaignId}`);
    return found;
  }
}
