import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { inertCell } from '@ctg/domain';
import { CampaignReadRepository, EventStoreRepository, StoredEvent } from '@ctg/persistence';
import { ApiError } from '../common/api-error';

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventStoreRepository,
    private readonly campaigns: CampaignReadRepository,
  ) {}

  async page(campaignId: string, after: number, limit: number): Promise<{ events: StoredEvent[]; next: number | null }> {
    await this.requireCampaign(campaignId);
    const events = await this.events.list(campaignId, after, limit);
    return { events, next: events.length === limit ? events[events.length - 1].seq : null };
  }

  async csv(campaignId: string): Promise<string> {
    await this.requireCampaign(campaignId);
    const rows: string[][] = [['seq', 'type', 'occurredAt', 'actorKind', 'actorId', 'actorIp', 'data']];
    let after = 0;
    for (;;) {
      const events = await this.events.list(campaignId, after, 1000);
      for (const e of events) {
        rows.push([
          String(e.seq),
          e.type,
          e.occurredAt,
          String(e.actor.kind ?? ''),
          String(e.actor.id ?? ''),
          String(e.actor.ip ?? ''),
          JSON.stringify(e.data),
        ].map(inertCell));
      }
      if (events.length < 1000) break;
      after = events[events.length - 1].seq;
    }
    return stringify(rows);
  }

  private async requireCampaign(campaignId: string): Promise<void> {
    if ((await this.campaigns.lastSeq(campaignId)) === undefined) throw ApiError.notFound(`unknown campaign ${campaignId}`);
  }
}
