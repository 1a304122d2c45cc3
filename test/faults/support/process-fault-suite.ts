import { RECORD_LOCK_SPACE } from '@ctg/persistence/record-lock';
import { FaultCampaign } from './fault-campaign';
import { faultTable, report } from './fault-report';
import { ServiceProcess } from '../../../scripts/dev-stack/service-process';
import { FaultStack, FaultStackOptions } from './fault-stack';
import { FaultRow, FaultTiming, auditCampaign } from './record-audit';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sessions of the application's database waiting for a campaign's record lock (an append, a rebuild). */
export async function appendsWaitingOnLock(stack: FaultStack): Promise<number> {
  const [{ waiting }] = await stack.dataSource.query(
    `SELECT count(*)::int AS waiting FROM pg_locks
     WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objsubid = 2
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [RECORD_LOCK_SPACE],
  );
  return waiting;
}

/** When secretaries saw the system work again: the first vote sent after `since` that was acknowledged. */
export function firstVoteAfter(campaign: FaultCampaign, since: number): number {
  const times = [...campaign.votes.values()]
    .filter((a) => a.status === 200 && a.attempts[a.attempts.length - 1].at >= since)
    .map((a) => a.answeredAt);
  if (times.length === 0) throw new Error('no vote sent after the part came back was acknowledged');
  return Math.min(...times);
}

/** Longer than the API's wait for Temporal (TEMPORAL_TIMEOUT_MS, 20 s): a blip shorter than that is ridden out. */
export const TEMPORAL_OUTAGE_MS = 22_000;

/** Secretaries arrive over this window, as they would after a reminder: some vote while the fault lasts. */
export const BURST_SPREAD_MS = 6000;

/** The burst of `voters` (all the campaign's by default), with `strike` run once a fifth of them have been answered. */
export async function burstWithFault(campaign: FaultCampaign, strike: () => Promise<void>, voters = campaign.voters): Promise<void> {
  let fault: Promise<void> | undefined;
  const fifth = Math.floor(voters.length / 5);
  await campaign.castVotes(voters, (acknowledged) => {
    if (acknowledged === fifth) fault = strike();
  }, BURST_SPREAD_MS);
  if (!fault) throw new Error('the fault never struck');
  await fault;
}

/**
 * The burst of the voters, `service` killed (`kill -9`) once a fifth of them have been answered,
 * down `downMs`, then started again; recovery is the first vote answered after the restart.
 */
export async function burstWithServiceKilled(campaign: FaultCampaign, service: ServiceProcess, downMs: number): Promise<FaultTiming> {
  const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
  await burstWithFault(campaign, async () => {
    timing.injectedAt = Date.now();
    await service.kill();
    await sleep(downMs);
    timing.restoredAt = Date.now();
    await service.start();
  });
  timing.recoveredAt = firstVoteAfter(campaign, timing.restoredAt);
  return timing;
}

export async function health(stack: FaultStack): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.apiUrl}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Issue 8: a 62-signatory campaign per fault, its secretaries voting concurrently and retrying with
 * the same body as real clients do, while a part of the system is killed; then the record is
 * audited. One stack per spec file, so that two files run side by side (`--maxWorkers=2`).
 */
export function processFaultSuite(name: string, title: string, shape: Omit<FaultStackOptions, 'name'> = {}): { stack: FaultStack; finishAndAudit: (campaign: FaultCampaign, fault: string, timing: FaultTiming) => Promise<FaultRow> } {
  // The API waits for Temporal as in production (TEMPORAL_TIMEOUT_MS, 20 s): longer than Temporal
  // takes (its 10 s sticky timeout) to hand a dead worker's workflows to the restarted one.
  const stack = new FaultStack({ name, ...shape });
  const rows: FaultRow[] = [];

  beforeAll(() => stack.start(), 300_000);
  afterAll(async () => {
    if (rows.length) report(title, faultTable(rows));
    await stack.stop();
  });

  async function finishAndAudit(campaign: FaultCampaign, fault: string, timing: FaultTiming): Promise<FaultRow> {
    await campaign.castLateVotes();
    if (!campaign.signature) await campaign.sign();
    const row = await auditCampaign(stack, campaign, fault, timing);
    rows.push(row);
    return row;
  }
  return { stack, finishAndAudit };
}
