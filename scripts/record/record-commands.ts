import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CampaignState, campaignWorkflowId } from '../../libs/domain/src';
import {
  Disagreement,
  LiveState,
  RecordVerification,
  checkConsistency,
  rebuildProjections,
  verifyRecord,
} from '../../libs/persistence/src';
import { campaignStateQuery } from '../../libs/temporal/src';

/** Exit codes of `npm run record`: all is well, a problem was found, the check could not run. */
export const EXIT = { ok: 0, problem: 1, failure: 2 } as const;

export type Print = (line: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function show(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

async function campaignIds(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query(
    `SELECT campaign_id AS id FROM campaign_event UNION SELECT id FROM campaign_view ORDER BY id`,
  );
  return rows.map((r: { id: string }) => r.id);
}

function describeVerification(v: RecordVerification, print: Print): void {
  if (v.valid) {
    print(`${v.campaignId}: ${v.events} events, chain intact`);
    print(`  final hash ${v.lastHash}`);
  } else {
    print(`${v.campaignId}: ${v.events} events, CHAIN BROKEN at seq ${v.firstBrokenSeq} (${v.reason})`);
    print(`  ${v.detail}`);
  }
}

/** `verify [campaignId]`: recomputes the hash chain of one campaign, or of every campaign. */
export async function verifyCommand(dataSource: DataSource, campaignId: string | undefined, print: Print): Promise<number> {
  const started = Date.now();
  const ids = campaignId ? [campaignId] : await campaignIds(dataSource);
  if (ids.length === 0) {
    print('No campaign in the record.');
    return EXIT.ok;
  }
  let broken = 0;
  for (const id of ids) {
    const verification = await verifyRecord(dataSource, id);
    if (campaignId && verification.events === 0 && verification.valid) {
      print(`Unknown campaign ${id}: no event in the record.`);
      return EXIT.failure;
    }
    describeVerification(verification, print);
    if (!verification.valid) broken++;
  }
  print(
    `${ids.length} campaign${ids.length > 1 ? 's' : ''} verified in ${seconds(Date.now() - started)}: ` +
      (broken ? `${broken} with a broken chain.` : 'every chain intact.'),
  );
  return broken ? EXIT.problem : EXIT.ok;
}

/** `rebuild-projections [campaignId]`: empties the read models and projects them again from the events. */
export async function rebuildCommand(dataSource: DataSource, campaignId: string | undefined, print: Print): Promise<number> {
  if (campaignId && (await dataSource.query(`SELECT 1 FROM campaign_event WHERE campaign_id = $1 LIMIT 1`, [campaignId])).length === 0) {
    print(`Unknown campaign ${campaignId}: no event in the record.`);
    return EXIT.failure;
  }
  const result = await rebuildProjections(dataSource, campaignId);
  print(
    `Rebuilt the read models of ${result.campaigns} campaign${result.campaigns > 1 ? 's' : ''} ` +
      `from ${result.events} events in ${seconds(result.durationMs)}.`,
  );
  return EXIT.ok;
}

/** The workflow's state by its query, or why it could not be had. */
export async function liveState(temporal: Client, campaignId: string, timeoutMs = 10_000): Promise<LiveState> {
  try {
    const handle = temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    const state: CampaignState = await temporal.connection.withDeadline(Date.now() + timeoutMs, () => handle.query(campaignStateQuery));
    return { state };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return { unavailable: 'the workflow is no longer in Temporal (closed and past its retention)', gone: true };
    }
    const e = error as { name?: string; message?: string };
    return { unavailable: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}` };
  }
}

function describeDisagreement(d: Disagreement): string {
  const [left, right] = d.between.split(' / ');
  return `${d.between.padEnd(24)}  ${d.path}: ${left} ${show(d.left)}, ${right} ${show(d.right)}`;
}

/** `consistency <campaignId>`: the workflow's live state, the event store replayed, and the read models. */
export async function consistencyCommand(
  dataSource: DataSource,
  live: LiveState,
  campaignId: string,
  print: Print,
): Promise<number> {
  const report = await checkConsistency(dataSource, campaignId, live);
  if (report.events === 0 && 'unavailable' in live) {
    print(`Unknown campaign ${campaignId}: no event in the record and no workflow (${live.unavailable}).`);
    return EXIT.failure;
  }
  print(`Campaign ${campaignId}: ${report.events} events in the record.`);
  print(
    report.live.compared
      ? `  workflow state: compared (last seq ${report.live.lastSeq})`
      : `  workflow state: NOT compared (${report.live.reason})`,
  );
  if (report.disagreements.length === 0) {
    print(
      report.live.compared
        ? '  No disagreement between the workflow, the event store and the read models.'
        : '  No disagreement between the event store and the read models.',
    );
  } else {
    print(`  ${report.disagreements.length} disagreement${report.disagreements.length > 1 ? 's' : ''}:`);
    for (const d of report.disagreements) print(`    ${describeDisagreement(d)}`);
  }
  if (report.disagreements.length > 0) return EXIT.problem;
  // A workflow past its retention leaves the record as the only truth; Temporal out of reach is a check not done.
  return report.live.compared || ('gone' in live && live.gone) ? EXIT.ok : EXIT.failure;
}
