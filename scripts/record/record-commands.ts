import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CampaignState, campaignWorkflowId } from '@ctg/domain';
import {
  CheckpointReport,
  Disagreement,
  LiveState,
  RecordVerification,
  checkCheckpoints,
  checkConsistency,
  keyIdOf,
  loadCampaignArchive,
  readChain,
  readCheckpoints,
  rebuildProjections,
  signCheckpoint,
  storeCheckpoint,
  verifyRecord,
} from '@ctg/persistence';
import { campaignStateQuery } from '@ctg/contracts';
import { DocumentStore, verifyStoredFiles } from '@ctg/documents';

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
    `SELECT campaign_id AS id FROM campaign_event UNION SELECT id FROM campaign_view UNION SELECT campaign_id FROM record_checkpoint ORDER BY id`,
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

/** A campaign's checkpoints against its stored hashes; undefined when it has none. */
async function checkpointReport(dataSource: DataSource, campaignId: string, publicKey: KeyObject | undefined): Promise<CheckpointReport | 'unchecked' | undefined> {
  const checkpoints = await readCheckpoints(dataSource, campaignId);
  if (checkpoints.length === 0) return undefined;
  if (!publicKey) return 'unchecked';
  const hashBySeq = new Map<number, string>();
  for await (const row of readChain(dataSource, campaignId)) hashBySeq.set(row.seq, row.hash);
  return checkCheckpoints(campaignId, checkpoints, hashBySeq, publicKey);
}

function describeCheckpoints(report: CheckpointReport, print: Print): void {
  for (const f of report.findings) print(`  CHECKPOINT BROKEN at seq ${f.seq} (${f.problem})\n    ${f.detail}`);
  if (report.findings.length === 0 && report.lastHeld) {
    const n = report.checkpoints;
    print(`  ${n} signed checkpoint${n > 1 ? 's' : ''} hold, the last at seq ${report.lastHeld.seq} (signed ${report.lastHeld.signedAt})`);
  }
}

/**
 * Re-hashes every file the campaign's record names (convention, annexes, acts) in the document
 * store, and names each one missing or altered; answers how many are.
 */
async function verifyCampaignFiles(dataSource: DataSource, documents: DocumentStore, campaignId: string, print: Print): Promise<number> {
  const archive = await loadCampaignArchive(dataSource, campaignId);
  const files = archive?.documents ?? [];
  if (files.length === 0) return 0;
  const problems = await verifyStoredFiles(documents, files.map((f) => ({ sha256: f.sha256, size: f.size })));
  for (const { sha256, problem } of problems) {
    for (const f of files.filter((file) => file.sha256 === sha256)) {
      const what = f.role === 'act' ? `act v${f.version} of ${f.signatoryName ?? f.documentId}` : `${f.documentId} v${f.version}`;
      print(`  FILE ${problem.toUpperCase()}: ${what} « ${f.name} » (sha256 ${sha256})`);
    }
  }
  if (problems.length === 0) print(`  ${files.length} stored file${files.length > 1 ? 's' : ''} match${files.length > 1 ? '' : 'es'} the record (${documents.kind})`);
  return problems.length;
}

/**
 * `verify [campaignId]`: recomputes the hash chain of one campaign, or of every campaign, and checks
 * its signed checkpoints with `publicKey`: a chain rewritten with every later hash recomputed
 * verifies on its own, but no longer holds a checkpointed head.
 */
export async function verifyCommand(
  dataSource: DataSource,
  campaignId: string | undefined,
  print: Print,
  publicKey?: KeyObject,
  documents?: DocumentStore,
): Promise<number> {
  const started = Date.now();
  const ids = campaignId ? [campaignId] : await campaignIds(dataSource);
  if (ids.length === 0) {
    print('No campaign in the record.');
    return EXIT.ok;
  }
  let broken = 0;
  let unchecked = 0;
  for (const id of ids) {
    const verification = await verifyRecord(dataSource, id);
    const checkpoints = await checkpointReport(dataSource, id, publicKey);
    if (campaignId && verification.events === 0 && verification.valid && !checkpoints) {
      print(`Unknown campaign ${id}: no event in the record.`);
      return EXIT.failure;
    }
    describeVerification(verification, print);
    if (checkpoints === 'unchecked') {
      unchecked++;
      print('  signed checkpoints NOT checked: no public key (set RECORD_PUBLIC_KEY_FILE, or RECORD_SIGNING_KEY_FILE beside its .pub)');
    } else if (checkpoints) {
      describeCheckpoints(checkpoints, print);
    }
    const damagedFiles = documents ? await verifyCampaignFiles(dataSource, documents, id, print) : 0;
    if (!verification.valid || (typeof checkpoints === 'object' && checkpoints.findings.length > 0) || damagedFiles > 0) broken++;
  }
  const outcome = broken
    ? `${broken} with a broken chain, checkpoint or stored file.`
    : unchecked
      ? `every chain intact, ${unchecked} campaign${unchecked > 1 ? 's' : ''}' checkpoints not checked.`
      : 'every chain intact.';
  print(`${ids.length} campaign${ids.length > 1 ? 's' : ''} verified in ${seconds(Date.now() - started)}: ${outcome}`);
  return broken ? EXIT.problem : unchecked ? EXIT.failure : EXIT.ok;
}

/**
 * `checkpoint [campaignId]`: signs the chain head of one campaign, or of every campaign, with the
 * signing key. A chain that does not verify, or no longer holds an earlier checkpoint, is not
 * signed: a checkpoint must never vouch for a rewritten record.
 */
export async function checkpointCommand(
  dataSource: DataSource,
  campaignId: string | undefined,
  privateKey: KeyObject,
  publicKey: KeyObject,
  print: Print,
): Promise<number> {
  const ids = campaignId ? [campaignId] : await campaignIds(dataSource);
  let signed = 0;
  let refused = 0;
  for (const id of ids) {
    const verification = await verifyRecord(dataSource, id);
    if (verification.events === 0) {
      print(`${id}: no event in the record, nothing to sign.`);
      if (campaignId) return EXIT.failure;
      continue;
    }
    const earlier = await checkpointReport(dataSource, id, publicKey);
    const problem = !verification.valid
      ? `chain broken at seq ${verification.firstBrokenSeq} (${verification.reason})`
      : typeof earlier === 'object' && earlier.findings.length
        ? `checkpoint of seq ${earlier.findings[0].seq} broken (${earlier.findings[0].problem})`
        : undefined;
    if (problem) {
      refused++;
      print(`${id}: NOT signed, ${problem}: run \`npm run record -- verify ${id}\``);
      continue;
    }
    const checkpoint = signCheckpoint({ campaignId: id, seq: verification.events, hash: verification.lastHash }, privateKey);
    if (await storeCheckpoint(dataSource, checkpoint)) {
      signed++;
      print(`${id}: checkpoint at seq ${checkpoint.seq}, hash ${checkpoint.hash}, signed ${checkpoint.signedAt}`);
    } else {
      print(`${id}: seq ${checkpoint.seq} already checkpointed with this key`);
    }
  }
  print(`${signed} checkpoint${signed === 1 ? '' : 's'} signed with key ${keyIdOf(publicKey).slice(0, 16)}…${refused ? `, ${refused} campaign${refused > 1 ? 's' : ''} refused.` : '.'}`);
  return refused ? EXIT.problem : EXIT.ok;
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
