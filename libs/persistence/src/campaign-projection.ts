import { EntityManager } from 'typeorm';
import {
  CampaignDefinition,
  CampaignEvent,
  CampaignState,
  SignatoryState,
  evolve,
  initialState,
} from '@ctg/domain';
import { CampaignViewRow, SignatoryViewRow, campaignView, signatoryView } from './read-models';

/**
 * Projects events onto the read models with the domain's own `evolve`, loading only the campaign
 * row and the signatory rows the events touch, so a vote costs two small reads and two writes.
 */
export async function projectEvents(manager: EntityManager, events: CampaignEvent[]): Promise<void> {
  if (events.length === 0) return;
  const campaignId = events[0].campaignId;
  const launch = events.find((e) => e.type === 'CampaignLaunched');
  const definition = launch ? (launch.data as CampaignDefinition) : await loadDefinition(manager, campaignId);
  const state = launch ? initialState(definition) : await loadState(manager, campaignId, definition, touched(events));
  const changed = new Set<string>(launch ? Object.keys(state.signatories) : []);
  for (const event of events) {
    evolve(state, event);
    if ('signatoryId' in event.data) changed.add(event.data.signatoryId);
  }
  const position = Object.fromEntries(definition.signatories.map((s, i) => [s.id, i]));
  await campaignView.upsert(manager, [state], {
    definition,
    launchedAt: launch?.occurredAt ?? new Date().toISOString(),
    updatedAt: events[events.length - 1].occurredAt,
  });
  await signatoryView.upsert(manager, [...changed].map((id) => state.signatories[id]), { campaignId, position });
  await manager.query(
    `UPDATE campaign_view SET blocked = EXISTS (
       SELECT 1 FROM signatory_view WHERE campaign_id = $1 AND required AND blocking) WHERE id = $1`,
    [campaignId],
  );
}

/** Removes a campaign's rows from the read models, before projecting it again from nothing. */
export async function deleteProjection(manager: EntityManager, campaignId: string): Promise<void> {
  await manager.query(`DELETE FROM signatory_view WHERE campaign_id = $1`, [campaignId]);
  await manager.query(`DELETE FROM campaign_view WHERE id = $1`, [campaignId]);
}

function touched(events: CampaignEvent[]): string[] {
  return [...new Set(events.flatMap((e) => ('signatoryId' in e.data ? [e.data.signatoryId] : [])))];
}

/**
 * The campaign's state as the read models hold it, for the rules the API runs before it stores a
 * file (the workflow decides again): every signatory, or only those named.
 */
export async function readCampaignState(manager: EntityManager, campaignId: string, signatoryIds?: string[]): Promise<CampaignState | undefined> {
  const rows = await manager.query(`SELECT definition FROM campaign_view WHERE id = $1`, [campaignId]);
  if (rows.length === 0) return undefined;
  const definition: CampaignDefinition = rows[0].definition;
  return loadState(manager, campaignId, definition, signatoryIds ?? definition.signatories.map((s) => s.id));
}

async function loadDefinition(manager: EntityManager, campaignId: string): Promise<CampaignDefinition> {
  const rows = await manager.query(`SELECT definition FROM campaign_view WHERE id = $1`, [campaignId]);
  if (rows.length === 0) throw new Error(`campaign ${campaignId} has no projection to continue from`);
  return rows[0].definition;
}

async function loadState(
  manager: EntityManager,
  campaignId: string,
  definition: CampaignDefinition,
  signatoryIds: string[],
): Promise<CampaignState> {
  const [row]: CampaignViewRow[] = await manager.query(`SELECT ${campaignView.select()} FROM campaign_view WHERE id = $1`, [campaignId]);
  const signatories: Record<string, SignatoryState> = {};
  if (signatoryIds.length > 0) {
    const rows: SignatoryViewRow[] = await manager.query(
      `SELECT ${signatoryView.select()} FROM signatory_view WHERE campaign_id = $1 AND signatory_id = ANY($2)`,
      [campaignId, signatoryIds],
    );
    for (const r of rows) signatories[r.id] = signatoryView.state(r);
  }
  return { ...campaignView.state(row), title: definition.title, signatories };
}
