import { ApplicationFailure } from '@temporalio/activity';
import { CampaignEvent } from '../../../libs/domain/src';
import { EventStoreRepository, RecordConflictError } from '../../../libs/persistence/src';
import type { RecordActivities } from '../../../workflows/activity-contracts';

export function createRecordActivities(eventStore: EventStoreRepository): RecordActivities {
  return {
    async appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void> {
      try {
        await eventStore.append(campaignId, events);
      } catch (error) {
        // PostgreSQL down is worth retrying; a record that already holds other events never changes.
        if (error instanceof RecordConflictError) throw ApplicationFailure.nonRetryable(error.message, error.name);
        throw error;
      }
    },
  };
}
