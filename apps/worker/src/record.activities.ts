import { CampaignEvent } from '../../../libs/domain/src';
import { EventStoreRepository } from '../../../libs/persistence/src';
import type { RecordActivities } from '../../../workflows/activity-contracts';

export function createRecordActivities(eventStore: EventStoreRepository): RecordActivities {
  return {
    async appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void> {
      await eventStore.append(campaignId, events);
    },
  };
}
