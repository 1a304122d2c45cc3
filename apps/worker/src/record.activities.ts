import { ApplicationFailure, Context } from '@temporalio/activity';
import { CampaignEvent } from '@ctg/domain';
import { EventStoreRepository, RecordAppendFaultRepository, RecordConflictError, isTransientDatabaseFailure } from '@ctg/persistence';
import type { RecordActivities } from '@ctg/contracts';
import type { WorkerMetrics } from './worker-metrics';

/** The events an append stored: the last `count` seqs of the batch (a retried batch may repeat a seq). */
export function storedTail(events: CampaignEvent[], count: number): CampaignEvent[] {
  if (count <= 0) return [];
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-count);
}

export function createRecordActivities(eventStore: EventStoreRepository, faults: RecordAppendFaultRepository, metrics?: WorkerMetrics): RecordActivities {
  return {
    async appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void> {
      try {
        const stored = storedTail(events, await eventStore.append(campaignId, events));
        metrics?.appendedEvents(stored, new Date());
        if (stored.length > 0) Context.current().log.info(`recorded in ${campaignId}: ${describeEvents(stored)}`);
      } catch (error) {
        // PostgreSQL down is worth retrying quietly; a refusal is retried too (an operator may fix the
        // data or the database), but said out loud, since nothing after it reaches the record.
        if (!isTransientDatabaseFailure(error)) await reportRefusal(faults, campaignId, events, error);
        // A record that already holds other events never changes.
        if (error instanceof RecordConflictError) throw ApplicationFailure.nonRetryable(error.message, error.name);
        throw error;
      }
      // Only a retry can follow a refusal. Should the fault outlive the append, the retry comes again.
      if (Context.current().info.attempt > 1) await faults.cleared(campaignId);
    },
  };
}

/** `DeliberationRecorded 31002, ReminderSent 31006`: what a person watching the console wants to see. */
function describeEvents(events: CampaignEvent[]): string {
  return events.map((e) => {
    const signatoryId = (e.data as { signatoryId?: unknown }).signatoryId;
    return typeof signatoryId === 'string' ? `${e.type} ${signatoryId}` : e.type;
  }).join(', ');
}

async function reportRefusal(faults: RecordAppendFaultRepository, campaignId: string, events: CampaignEvent[], error: unknown): Promise<void> {
  const seqs = { from: events[0]?.seq ?? 0, to: events[events.length - 1]?.seq ?? 0 };
  const sqlState = (error as { code?: unknown }).code;
  const message = `${error instanceof Error ? error.message : String(error)}${typeof sqlState === 'string' ? ` (SQLSTATE ${sqlState})` : ''}`;
  const log = Context.current().log;
  try {
    const fault = await faults.failed(campaignId, seqs, message);
    log.error('campaign record stuck: PostgreSQL refuses its next events', { ...fault });
  } catch (failure) {
    log.error('campaign record stuck: PostgreSQL refuses its next events (and the fault could not be noted)', {
      campaignId,
      seqs,
      error: message,
      noteError: String(failure),
    });
  }
}
