import { Injectable } from '@nestjs/common';
import {
  Actor,
  CampaignDefinition,
  DEFAULT_REMINDER_POLICY,
  Phase,
  campaignWorkflowId,
  isClosedPhase,
  isSameCancellation,
  isSameSignature,
  slugify,
  validateCampaignDefinition,
} from '@ctg/domain';
import { CampaignReadRepository, CampaignSummaryView, Membership, OrganisationRepository, RecordAppendFaultRepository, isTransientDatabaseFailure } from '@ctg/persistence';
import { UpdateResult, cancelCampaignUpdate, holdConferenceUpdate, moveDeadlineUpdate, signConventionUpdate } from '@ctg/contracts';
import { ApiError } from '../common/api-error';
import { CampaignClosedError, CampaignGateway } from '../workflow-gateway/campaign-gateway.service';
import { CreateCampaignDto, HoldConferenceDto, MoveDeadlineDto, SignConventionDto } from './dto';

export interface CampaignView extends Omit<CampaignSummaryView, 'lastSeq'> {
  requiredPending: string[];
  /** Adopted deliberations whose transmission, acknowledgment or executory day is missing. */
  legalFollowUpMissing: string[];
  workflowId: string;
  /** Set while PostgreSQL refuses the campaign's next events: nothing after them reaches the record. */
  recordFault: { since: string; lastError: string; attempts: number } | null;
}

/** What a write Temporal accepted answers while the read model does not show it yet (it lags, or PostgreSQL is down). */
export interface AcceptedWrite {
  id: string;
  phase: Phase;
  workflowId: string;
}

/** Why a request meets a signed or cancelled campaign: undefined when it is that campaign's own closing, repeated. */
type ClosedRefusal = (campaign: CampaignSummaryView) => string | undefined;

@Injectable()
export class CampaignsService {
  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
    private readonly faults: RecordAppendFaultRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /**
   * Launches the campaign for an organisation the caller manages, which owns it; the same id and
   * body again finds it (`created: false`).
   */
  async launch(body: CreateCampaignDto, actor: Actor, administratorId: string): Promise<{ created: boolean; campaign: CampaignView | AcceptedWrite }> {
    const definition: CampaignDefinition = {
      id: body.id ?? slugify(body.title),
      title: body.title,
      territory: { ...body.territory },
      ...(body.conferenceDate === undefined ? {} : { conferenceDate: body.conferenceDate }),
      deliberationDeadline: body.deliberationDeadline,
      signatories: body.signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, email: s.email, required: s.required, ...(s.siret !== undefined ? { siret: s.siret } : {}) })),
      reminderPolicy: body.reminderPolicy ? { ...body.reminderPolicy, before: [...body.reminderPolicy.before] } : DEFAULT_REMINDER_POLICY,
      ...(body.administrators === undefined ? {} : { administrators: [...body.administrators] }),
    };
    if (definition.territory.siren === undefined) delete definition.territory.siren;
    const errors = validateCampaignDefinition(definition);
    if (errors.length) throw ApiError.invalid(errors);
    const organisation = await this.launchingOrganisation(administratorId, body.organisation);
    // Only the id is compared: whether another organisation's campaign holds the same body is not theirs to know.
    if ((await this.organisations.claimCampaign(definition.id, organisation.id)) !== organisation.id) {
      throw new ApiError(409, `a campaign with the id ${definition.id} exists: choose another id`);
    }
    const outcome = await this.gateway.launch(definition, actor);
    return { created: outcome.created, campaign: await this.answer(definition.id, { lastSeq: 1, phase: outcome.phase }) };
  }

  /** The campaigns of the organisations the administrator belongs to. */
  list(administratorId: string): Promise<CampaignSummaryView[]> {
    return this.campaigns.list(administratorId);
  }

  /** The organisation named in `organisation` (a SIREN), or the only one the caller manages. */
  private async launchingOrganisation(administratorId: string, siren: string | undefined): Promise<Membership> {
    const managed = (await this.organisations.membershipsOf(administratorId)).filter((m) => m.role === 'manager');
    if (siren !== undefined) {
      const named = managed.find((m) => m.siren === siren);
      if (!named) throw ApiError.invalid([{ field: 'organisation', message: `you are not a manager of the organisation ${siren}` }]);
      return named;
    }
    if (managed.length === 1) return managed[0];
    if (managed.length === 0) throw new ApiError(403, "only an organisation's managers launch campaigns, and you manage none");
    throw ApiError.invalid([{ field: 'organisation', message: `you manage ${managed.length} organisations: name the one launching it by its SIREN` }]);
  }

  async get(campaignId: string): Promise<CampaignView> {
    return this.view(await this.require(campaignId));
  }

  async holdConference(campaignId: string, body: HoldConferenceDto, actor: Actor): Promise<CampaignView | AcceptedWrite> {
    await this.require(campaignId);
    return this.answer(campaignId, await this.gateway.update(campaignId, holdConferenceUpdate, { ...body, actor }));
  }

  async moveDeadline(campaignId: string, body: MoveDeadlineDto, actor: Actor): Promise<CampaignView | AcceptedWrite> {
    await this.require(campaignId);
    return this.answer(campaignId, await this.gateway.update(campaignId, moveDeadlineUpdate, { ...body, actor }));
  }

  sign(campaignId: string, body: SignConventionDto, actor: Actor): Promise<CampaignView | AcceptedWrite> {
    return this.close(
      campaignId,
      (c) => {
        if (c.phase !== 'signed') return `the campaign is ${c.phase}`;
        return isSameSignature(c.signature, body) ? undefined : `the convention was already signed on ${c.signature?.signedOn}, by other signatories or on another day`;
      },
      () => this.gateway.update(campaignId, signConventionUpdate, { ...body, actor }),
    );
  }

  cancel(campaignId: string, reason: string, actor: Actor): Promise<CampaignView | AcceptedWrite> {
    return this.close(
      campaignId,
      (c) => {
        if (c.phase !== 'cancelled') return 'a signed convention cannot be cancelled';
        return isSameCancellation(c.cancellation, reason) ? undefined : 'the campaign was already cancelled, for another reason';
      },
      () => this.gateway.update(campaignId, cancelCampaignUpdate, { reason, actor }),
    );
  }

  /**
   * Signs or cancels. A signed or cancelled campaign answers from its record, whether its workflow
   * is still open or has closed: its own closing repeated is 200 and records nothing, anything else 409.
   */
  private async close(campaignId: string, refusal: ClosedRefusal, write: () => Promise<UpdateResult>): Promise<CampaignView | AcceptedWrite> {
    const campaign = await this.require(campaignId);
    if (isClosedPhase(campaign.phase)) return this.repeated(campaign, refusal);
    let accepted: UpdateResult;
    try {
      accepted = await write();
    } catch (error) {
      if (error instanceof CampaignClosedError) return this.repeated(error.campaign, refusal);
      throw error;
    }
    return this.answer(campaignId, accepted);
  }

  private async repeated(campaign: CampaignSummaryView, refusal: ClosedRefusal): Promise<CampaignView> {
    const reason = refusal(campaign);
    if (reason) throw ApiError.conflict(reason);
    return this.view(campaign);
  }

  /**
   * The campaign once the read model holds the write; until then what Temporal answered, since the
   * write is accepted all the same and the projection follows.
   */
  private async answer(campaignId: string, accepted: UpdateResult): Promise<CampaignView | AcceptedWrite> {
    try {
      const campaign = await this.campaigns.find(campaignId);
      if (campaign && campaign.lastSeq >= accepted.lastSeq) return await this.view(campaign);
    } catch (error) {
      if (!isTransientDatabaseFailure(error)) throw error;
    }
    return { id: campaignId, phase: accepted.phase, workflowId: campaignWorkflowId(campaignId) };
  }

  private async require(campaignId: string): Promise<CampaignSummaryView> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return campaign;
  }

  private async view(campaign: CampaignSummaryView): Promise<CampaignView> {
    const { lastSeq: _lastSeq, ...summary } = campaign;
    const fault = await this.faults.ofCampaign(campaign.id);
    return {
      ...summary,
      requiredPending: await this.campaigns.requiredPending(campaign.id),
      legalFollowUpMissing: await this.campaigns.legalFollowUpMissing(campaign.id),
      workflowId: campaignWorkflowId(campaign.id),
      recordFault: fault ? { since: fault.since, lastError: fault.lastError, attempts: fault.attempts } : null,
    };
  }
}
