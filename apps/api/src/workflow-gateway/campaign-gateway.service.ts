import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { UpdateDefinition, WorkflowIdReusePolicy } from '@temporalio/common';
import { Actor, CampaignDefinition, Phase, campaignWorkflowId } from '@ctg/domain';
import { CampaignReadRepository, CampaignSummaryView } from '@ctg/persistence';
import { CAMPAIGN_ID, CAMPAIGN_PHASE, CampaignWorkflowInput, UpdateResult, campaignDefinitionQuery, campaignStateQuery } from '@ctg/contracts';
import { ApiError } from '../common/api-error';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { TEMPORAL_CLIENT } from '../core.module';
import { ProjectionWaiter } from './projection-waiter.service';
import { domainRefusal, isTemporalTimeout, isTemporalUnavailable, isUpdateLostWithWorkflowTask, isWorkflowNotFound } from './temporal-errors';

/** An update lost with its workflow task, or with a run that continued as new, is sent again. */
const UPDATE_ATTEMPTS = 3;

export type LaunchOutcome = { created: boolean; workflowId: string; phase: Phase };

interface ExistingLaunch {
  definition: unknown;
  phase: Phase;
}

/**
 * The campaign's workflow has closed, signed or cancelled: it appended every event before it
 * closed, so `campaign`, read after the refusal, is the complete record's answer.
 */
export class CampaignClosedError extends ApiError {
  constructor(readonly campaign: CampaignSummaryView) {
    super(409, `the campaign is ${campaign.phase}`);
  }
}

/**
 * The API's one door to the campaign workflows: it starts them, sends them updates, turns
 * refusals into 4xx, and waits until the resulting event is in the read model, so the caller reads what it just wrote.
 */
@Injectable()
export class CampaignGateway {
  private readonly logger = new Logger(CampaignGateway.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly campaigns: CampaignReadRepository,
    private readonly projections: ProjectionWaiter,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /**
   * Starts the campaign's workflow, once per id for good: an id the record holds is a repeat (the
   * same definition) or a conflict even after Temporal's retention has dropped its workflow, and
   * Temporal itself refuses a second run of a workflow it still keeps, open or closed.
   */
  async launch(definition: CampaignDefinition, actor: Actor): Promise<LaunchOutcome> {
    const workflowId = campaignWorkflowId(definition.id);
    const recorded = await this.campaigns.launched(definition.id);
    if (recorded) return this.repeatedLaunch(definition, recorded, workflowId);
    const input: CampaignWorkflowInput = { definition, launchedBy: actor };
    try {
      await this.bounded(() => this.temporal.workflow.start('campaignWorkflow', {
        taskQueue: this.settings.temporal.taskQueue,
        workflowId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
        typedSearchAttributes: [
          { key: CAMPAIGN_ID, value: definition.id },
          { key: CAMPAIGN_PHASE, value: 'awaiting_conference' },
        ],
      }));
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw this.translate(error, definition.id);
      const existing = await this.existingLaunch(definition.id, workflowId).catch((failure) => {
        throw this.translate(failure, definition.id);
      });
      return this.repeatedLaunch(definition, existing, workflowId);
    }
    await this.waitForProjection(definition.id, 1);
    return { created: true, workflowId, phase: 'awaiting_conference' };
  }

  private async repeatedLaunch(definition: CampaignDefinition, existing: ExistingLaunch, workflowId: string): Promise<LaunchOutcome> {
    if (canonical(existing.definition) !== canonical(definition)) {
      throw ApiError.conflict(`a different campaign with id ${definition.id} already exists`);
    }
    await this.waitForProjection(definition.id, 1);
    return { created: false, workflowId, phase: existing.phase };
  }

  async update<A extends { actor: Actor }, R extends UpdateResult>(
    campaignId: string,
    update: UpdateDefinition<R, [A], string>,
    command: A,
  ): Promise<R> {
    const handle = this.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    let result: R;
    for (let attempt = 1; ; attempt++) {
      try {
        // Every command is idempotent in the domain (a repeat records nothing), so a retried request
        // needs no update id of its own; the SDK keeps one id across its internal retries.
        result = await this.bounded(() => handle.executeUpdate(update, { args: [command] }));
        break;
      } catch (error) {
        // A run that continued as new aborts the updates it held ("not found"): sent again, they
        // reach the new run; a workflow that really closed answers "not found" again.
        if (attempt < UPDATE_ATTEMPTS && (isUpdateLostWithWorkflowTask(error) || isWorkflowNotFound(error))) {
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw await this.translateUpdateError(error, campaignId);
      }
    }
    await this.waitForProjection(campaignId, result.lastSeq);
    return result;
  }

  /**
   * Waits until the read model has caught up with `seq`. The fact is already durable in Temporal;
   * if PostgreSQL is slow or down, the answer goes out anyway and the projection follows.
   */
  waitForProjection(campaignId: string, seq: number): Promise<boolean> {
    return this.projections.waitFor(campaignId, seq);
  }

  /** The read model's launch, or the workflow's own while a launch a moment ago is not projected yet. */
  private async existingLaunch(campaignId: string, workflowId: string): Promise<ExistingLaunch> {
    const stored = await this.campaigns.launched(campaignId);
    if (stored) return stored;
    const handle = this.temporal.workflow.getHandle(workflowId);
    const [definition, state] = await Promise.all([
      this.bounded(() => handle.query(campaignDefinitionQuery)),
      this.bounded(() => handle.query(campaignStateQuery)),
    ]);
    return { definition, phase: state.phase };
  }

  /**
   * Every call to Temporal within the configured time: an update that no worker takes (the worker
   * is down) would otherwise hold the request open for as long as the client waits.
   */
  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.temporal.withDeadline(Date.now() + this.settings.temporalTimeoutMs, call);
  }

  private async translateUpdateError(error: unknown, campaignId: string): Promise<Error> {
    const refusal = domainRefusal(error);
    if (refusal) return refusal;
    if (isWorkflowNotFound(error)) {
      // A finished workflow takes no more updates: the campaign is signed or cancelled.
      const campaign = await this.campaigns.find(campaignId);
      if (!campaign) return ApiError.notFound(`unknown campaign ${campaignId}`);
      return new CampaignClosedError(campaign);
    }
    return this.translate(error, campaignId);
  }

  private translate(error: unknown, campaignId: string): Error {
    if (isTemporalTimeout(error)) {
      // The update may still be taken once a worker is back: it is then recorded, once.
      return ApiError.unavailable(
        `the workflow engine (Temporal) did not answer within ${this.settings.temporalTimeoutMs / 1000} s; ` +
          'the request may still be recorded: send the same request again, it is recorded once',
      );
    }
    if (isTemporalUnavailable(error)) {
      return ApiError.unavailable('the workflow engine (Temporal) is unreachable; nothing was recorded');
    }
    this.logger.error(`campaign ${campaignId}: ${(error as Error)?.stack ?? String(error)}`);
    return error as Error;
  }
}

/** JSON with sorted keys: two equal requests give the same text whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]]))
      : v,
  );
}
