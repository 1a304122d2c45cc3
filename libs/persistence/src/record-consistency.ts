import { DataSource } from 'typeorm';
import { CampaignDefinition, CampaignState, evolve, initialState } from '@ctg/domain';
import { deleteProjection } from './campaign-projection';
import { campaignEvents, replayCampaign } from './projection-rebuild';
import { campaignView, signatoryView } from './read-models';
import { canonicalJson } from './record-chain';
import { lockCampaignRecord } from './record-lock';

/** One value on which two sources of the same campaign disagree. */
export interface Disagreement {
  /** The sources compared: the workflow's live state against the event store, or the event store against the read models. */
  between: 'workflow / event store' | 'event store / read model';
  /** Where: a state path (`signatories.31582.deliberation`) or a row and column (`signatory_view[31582].status`). */
  path: string;
  left: unknown;
  right: unknown;
}

export interface ConsistencyReport {
  campaignId: string;
  events: number;
  /** Whether the workflow's state was compared, and if not why. */
  live: { compared: true; lastSeq: number } | { compared: false; reason: string };
  disagreements: Disagreement[];
}

/** The workflow's state as a query returns it, or why it could not be had. */
export type LiveState = { state: CampaignState } | { unavailable: string; gone?: boolean };

/** The campaign's state according to its events alone, through the domain's `evolve`. */
export async function replayState(dataSource: DataSource, campaignId: string): Promise<{ state?: CampaignState; events: number }> {
  let state: CampaignState | undefined;
  let events = 0;
  for await (const batch of campaignEvents(dataSource.manager, campaignId)) {
    for (const event of batch) {
      if (!state) {
        if (event.type !== 'CampaignLaunched') throw new Error(`campaign ${campaignId}: seq ${event.seq} comes before any CampaignLaunched`);
        state = initialState(event.data as CampaignDefinition);
      }
      evolve(state, event);
      events++;
    }
  }
  return { state, events };
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Every field where the workflow's state and the replayed state differ. */
export function compareStates(live: CampaignState, replayed: CampaignState): Disagreement[] {
  const out: Disagreement[] = [];
  const differ = (path: string, left: unknown, right: unknown) => {
    if (!same(left, right)) out.push({ between: 'workflow / event store', path, left, right });
  };
  const top = new Set([...Object.keys(live), ...Object.keys(replayed)].filter((k) => k !== 'signatories'));
  for (const key of [...top].sort()) differ(key, (live as never)[key], (replayed as never)[key]);
  const ids = new Set([...Object.keys(live.signatories ?? {}), ...Object.keys(replayed.signatories ?? {})]);
  for (const id of [...ids].sort()) {
    const a = live.signatories?.[id] as unknown as Record<string, unknown> | undefined;
    const b = replayed.signatories?.[id] as unknown as Record<string, unknown> | undefined;
    if (!a || !b) {
      differ(`signatories.${id}`, a, b);
      continue;
    }
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differ(`signatories.${id}.${key}`, a[key], b[key]);
  }
  return out;
}

type Row = Record<string, unknown>;

async function readModelRows(
  query: (sql: string, params: unknown[]) => Promise<Row[]>,
  campaignId: string,
): Promise<{ campaign: Row[]; signatories: Row[] }> {
  return {
    campaign: await query(`SELECT ${campaignView.selectColumns()} FROM campaign_view WHERE id = $1`, [campaignId]),
    signatories: await query(
      `SELECT ${signatoryView.selectColumns()} FROM signatory_view WHERE campaign_id = $1 ORDER BY signatory_id`,
      [campaignId],
    ),
  };
}

function compareRows(table: string, key: string, actual: Row[], expected: Row[]): Disagreement[] {
  const out: Disagreement[] = [];
  const index = (rows: Row[]) => new Map(rows.map((r) => [String(r[key]), r]));
  const [have, want] = [index(actual), index(expected)];
  for (const id of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const a = have.get(id);
    const b = want.get(id);
    if (!a || !b) {
      out.push({ between: 'event store / read model', path: `${table}[${id}]`, left: b ? 'a row' : 'no row', right: a ? 'a row' : 'no row' });
      continue;
    }
    for (const column of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!same(b[column], a[column])) {
        out.push({ between: 'event store / read model', path: `${table}[${id}].${column}`, left: b[column], right: a[column] });
      }
    }
  }
  return out;
}

/**
 * Compares the read models of a campaign with what the projector makes of its events: inside a
 * transaction that is rolled back, under the campaign's record lock, the rows are read, projected
 * again from nothing, and read again.
 */
export async function compareReadModels(dataSource: DataSource, campaignId: string): Promise<Disagreement[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await lockCampaignRecord(runner.manager, campaignId);
    const query = (sql: string, params: unknown[]) => runner.query(sql, params) as Promise<Row[]>;
    const actual = await readModelRows(query, campaignId);
    await deleteProjection(runner.manager, campaignId);
    await replayCampaign(runner.manager, campaignId);
    const expected = await readModelRows(query, campaignId);
    return [
      ...compareRows(campaignView.name, campaignView.columns.id.sql, actual.campaign, expected.campaign),
      ...compareRows(signatoryView.name, signatoryView.columns.id.sql, actual.signatories, expected.signatories),
    ];
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * The workflow's live state, the event store replayed through `evolve`, and the read models:
 * every disagreement between them. Without the live state (Temporal unreachable, or the workflow
 * gone past its retention) the event store and the read models are still compared.
 */
export async function checkConsistency(dataSource: DataSource, campaignId: string, live: LiveState): Promise<ConsistencyReport> {
  const { state: replayed, events } = await replayState(dataSource, campaignId);
  const disagreements: Disagreement[] = [];
  let liveOutcome: ConsistencyReport['live'];
  if ('state' in live) {
    liveOutcome = { compared: true, lastSeq: live.state.lastSeq };
    if (replayed) disagreements.push(...compareStates(live.state, replayed));
    else disagreements.push({ between: 'workflow / event store', path: 'lastSeq', left: live.state.lastSeq, right: 0 });
  } else {
    liveOutcome = { compared: false, reason: live.unavailable };
  }
  disagreements.push(...(await compareReadModels(dataSource, campaignId)));
  return { campaignId, events, live: liveOutcome, disagreements };
}
