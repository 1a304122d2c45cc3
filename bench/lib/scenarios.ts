import { performance } from 'node:perf_hooks';
import { temporal as proto } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { Actor, CampaignDefinition, CampaignEvent, campaignWorkflowId } from '@ctg/domain';
import { EventStoreRepository, openDatabase } from '@ctg/persistence';
import { CAMPAIGN_ID, CAMPAIGN_PHASE, CampaignWorkflowInput, TASK_QUEUE, holdConferenceUpdate, recordDeliberationUpdate } from '@ctg/contracts';
import { CampaignRequest } from '@ctg/reference-data/terres-du-lauragais';
import { QUIET_POLICY, adopted, lauragaisCampaign } from '../../test/fixtures/campaigns';
import { LagReport, LagTracker } from './lag-tracker';
import { CpuMeter, Percentiles, RssSampler, TimedResponse, http, percentiles, round1, round3, runPool, sleep, until } from './measure';
import { Stack } from './stack';

const SIGNATORIES = 62;
const CONFERENCE_DAY = '2023-06-13';
const ADMIN_ACTOR: Actor = { kind: 'administrator', id: 'admin@ctg.example.org', ip: '127.0.0.1' };
const SECRETARY_ACTOR = (sid: string): Actor => ({ kind: 'secretary', id: `bench-${sid}`, ip: '127.0.0.1' });

export interface Settings {
  concurrency: number;
  /** Upper bound for every wait (campaigns deliberating, task queue drained, projections drained), in ms. */
  settleTimeoutMs: number;
  lagPollMs: number;
  log: (line: string) => void;
}

/** The bench's campaigns: the real case's 62 signatories, quiet reminders, deadline in a day. */
export function benchCampaign(id: string): CampaignRequest {
  return lauragaisCampaign({ id, deliberationDeadline: new Date(Date.now() + 86_400_000).toISOString(), reminderPolicy: QUIET_POLICY });
}

/** What the API makes of a `POST /campaigns` body (campaigns.service.ts), for the workflows started without it. */
function definitionOf(request: CampaignRequest): CampaignDefinition {
  return {
    id: request.id as string,
    title: request.title,
    territory: { ...request.territory },
    ...(request.conferenceDate === undefined ? {} : { conferenceDate: request.conferenceDate }),
    deliberationDeadline: request.deliberationDeadline,
    signatories: request.signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, email: s.email, required: s.required })),
    reminderPolicy: { ...QUIET_POLICY, before: [] },
  } as CampaignDefinition;
}

export interface ErrorTally {
  count: number;
  samples: string[];
  /** Failed answers by HTTP status ("0": no answer, a network error or the client's timeout); 503 is the API's "Temporal did not answer in time". */
  byStatus: Record<string, number>;
}
export const tally = (): ErrorTally => ({ count: 0, samples: [], byStatus: {} });
export function noteError(errors: ErrorTally, what: string, status?: number): void {
  errors.count++;
  const key = status === undefined ? 'other' : String(status);
  errors.byStatus[key] = (errors.byStatus[key] ?? 0) + 1;
  if (errors.samples.length < 8) errors.samples.push(what.slice(0, 400));
}
const describe = (r: TimedResponse) => `${r.status} ${r.error ?? JSON.stringify(r.body)}`;

/** Running workflow executions, from Temporal's visibility store: of one type, and in one campaign phase (search attribute CampaignPhase). */
async function runningWorkflows(stack: Stack, filter: { type?: string; phase?: string; campaignId?: string } = {}): Promise<number> {
  const clauses = ['ExecutionStatus = "Running"'];
  if (filter.type) clauses.push(`WorkflowType = "${filter.type}"`);
  if (filter.phase) clauses.push(`CampaignPhase = "${filter.phase}"`);
  if (filter.campaignId) clauses.push(`CampaignId = "${filter.campaignId}"`);
  return (await stack.client.workflow.count(clauses.join(' AND '))).count;
}

/**
 * Waits until `expected` campaign workflows are running in phase `deliberating`: each holds its
 * conference and starts its bodies' reminders (one durable timer per campaign, no workflow per body).
 */
async function waitForDeliberating(stack: Stack, expected: number, settings: Settings, campaignId?: string): Promise<number> {
  return until(
    `${expected} campaign workflow(s) deliberating`,
    async () => (await runningWorkflows(stack, { type: 'campaignWorkflow', phase: 'deliberating', campaignId })) >= expected,
    settings.settleTimeoutMs,
    campaignId ? 100 : 1000,
  );
}

async function backlog(stack: Stack, type: proto.api.enums.v1.TaskQueueType): Promise<number> {
  const answer = await stack.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType: type, reportStats: true });
  return Number(answer.stats?.approximateBacklogCount ?? 0);
}

/**
 * Waits until the task queue holds no workflow or activity task: a launch leaves work queued after
 * its campaigns are deliberating (the appends of their events, the conference's workflow tasks), and
 * votes sent meanwhile would be charged for it. Temporal's count is approximate, hence three empty
 * readings in a row.
 */
export async function waitForQuietTaskQueue(stack: Stack, settings: Settings): Promise<void> {
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = proto.api.enums.v1.TaskQueueType;
  let empty = 0;
  await until(
    'the task queue drained',
    async () => {
      const queued = (await backlog(stack, TASK_QUEUE_TYPE_WORKFLOW)) + (await backlog(stack, TASK_QUEUE_TYPE_ACTIVITY));
      empty = queued === 0 ? empty + 1 : 0;
      return empty >= 3;
    },
    settings.settleTimeoutMs,
    500,
  );
}

async function issueLinks(stack: Stack, campaignIds: string[], signatoryIds: string[], concurrency: number): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const pairs = campaignIds.flatMap((cid) => signatoryIds.map((sid) => [cid, sid] as const));
  await runPool(pairs, concurrency, async ([cid, sid]) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await http(stack.apiUrl!, 'POST', `/campaigns/${cid}/signatories/${sid}/link`, stack.adminToken);
      if (r.status === 201 || r.status === 200) {
        tokens.set(`${cid}/${sid}`, r.body.token);
        return;
      }
      if (attempt === 2) throw new Error(`link for ${cid}/${sid}: ${describe(r)}`);
    }
  });
  return tokens;
}

// ─────────────────────────────── scenario 1 ───────────────────────────────

export interface ScenarioOneResult {
  rounds: { campaignId: string; firstVoteToAwaitingSignatureMs: number; wallMs: number; errors: number }[];
  latencyMs: Percentiles;
  firstVoteToAwaitingSignatureMs: Percentiles;
  errors: ErrorTally;
  ok: boolean;
  error?: string;
}

/** One campaign, its 62 secretaries at once, through the API, with each secretary's own link. */
export async function scenarioOne(stack: Stack, rounds: number, settings: Settings): Promise<ScenarioOneResult> {
  const latencies: number[] = [];
  const result: ScenarioOneResult = { rounds: [], latencyMs: percentiles([]), firstVoteToAwaitingSignatureMs: percentiles([]), errors: tally(), ok: false };
  try {
    for (let round = 1; round <= rounds; round++) {
      const request = benchCampaign(`bench-s1-tdl-${round}`);
      const id = request.id as string;
      const launched = await http(stack.apiUrl!, 'POST', '/campaigns', stack.adminToken, request);
      if (launched.status !== 201 && launched.status !== 200) throw new Error(`launch: ${describe(launched)}`);
      const conference = await http(stack.apiUrl!, 'POST', `/campaigns/${id}/conference`, stack.adminToken, { heldOn: CONFERENCE_DAY });
      if (conference.status !== 200) throw new Error(`conference: ${describe(conference)}`);
      await waitForDeliberating(stack, 1, settings, id);
      const sids = request.signatories.map((s) => s.id);
      const tokens = await issueLinks(stack, [id], sids, 16);
      // The round starts from a quiet system: the launch's appends done, the link burst over.
      await waitForQuietTaskQueue(stack, settings);

      let awaitingAt: number | undefined;
      let errors = 0;
      const firstSent = performance.now();
      await runPool(sids, SIGNATORIES, async (sid) => {
        const r = await http(stack.apiUrl!, 'PUT', `/campaigns/${id}/signatories/${sid}/deliberation`, tokens.get(`${id}/${sid}`), adopted());
        if (r.status !== 200) {
          errors++;
          noteError(result.errors, `${sid}: ${describe(r)}`, r.status);
          return;
        }
        latencies.push(r.ms);
        if (r.body?.phase === 'awaiting_signature' && awaitingAt === undefined) awaitingAt = performance.now();
      });
      const wallMs = performance.now() - firstSent;
      if (awaitingAt === undefined) {
        await until(
          `campaign ${id} awaiting_signature`,
          async () => (await http(stack.apiUrl!, 'GET', `/campaigns/${id}`, stack.adminToken)).body?.phase === 'awaiting_signature',
          settings.settleTimeoutMs,
          20,
        );
        awaitingAt = performance.now();
      }
      result.rounds.push({ campaignId: id, firstVoteToAwaitingSignatureMs: round1(awaitingAt - firstSent), wallMs: round1(wallMs), errors });
      settings.log(`scenario 1 round ${round}: 62 votes in ${Math.round(wallMs)} ms, awaiting_signature after ${Math.round(awaitingAt - firstSent)} ms, ${errors} error(s)`);
    }
    result.ok = result.errors.count === 0;
  } catch (error) {
    result.error = String(error instanceof Error ? error.message : error);
  }
  result.latencyMs = percentiles(latencies);
  result.firstVoteToAwaitingSignatureMs = percentiles(result.rounds.map((r) => r.firstVoteToAwaitingSignatureMs));
  return result;
}

// ─────────────────────────────── scenario 2 ───────────────────────────────

export interface PhaseStats {
  count: number;
  wallMs: number;
  perSecond: number;
  latencyMs: Percentiles;
  errors: ErrorTally;
}

function phaseStats(count: number, wallMs: number, latencies: number[], errors: ErrorTally): PhaseStats {
  return { count, wallMs: round1(wallMs), perSecond: round1((count / wallMs) * 1000), latencyMs: percentiles(latencies), errors };
}

export interface ScenarioTwoResult {
  campaigns: number;
  /** Worker processes sharing the task queue. */
  workers: number;
  signatories: number;
  concurrency: number;
  workerCache: number | 'default';
  ok: boolean;
  error?: string;
  launch?: PhaseStats;
  conference?: PhaseStats;
  /** From the first conference to every campaign workflow running in phase deliberating (visibility). */
  deliberatingMs?: number;
  /** From the first conference until the task queue held no task: the launch's work done. */
  launchDrainedMs?: number;
  /** Campaign workflows running once the votes are in (each awaiting its signature). */
  campaignWorkflowsOpen?: number;
  /** Workflows of any type running at the same moment: the campaigns alone, no workflow per body. */
  workflowsOpen?: number;
  linksMs?: number;
  votes?: PhaseStats;
  /** From the first vote sent to every campaign awaiting_signature in the read model. */
  firstVoteToAllAwaitingSignatureMs?: number;
  lag?: LagReport;
  cpuSecondsDuringVotes?: Record<string, number>;
  /** CPU ms per vote of the workers, the API, the Temporal server and the database's backends together. */
  cpuMsPerVote?: number;
  /** Wall ms per vote at this concurrency (1000 / votes per second). */
  wallMsPerVote?: number;
  rssPeakBytes?: Record<string, number>;
  rssPeakDuringVotesBytes?: Record<string, number>;
  historyEvents?: Awaited<ReturnType<typeof historySample>>;
  postgres?: {
    tables: Record<string, number>;
    /** pg_stat_database of the bench database over the vote phase: inserts, updates, deletes, commits. */
    duringVotes: Record<string, number>;
    rowsWrittenPerVote: number;
    eventRowsPerVote: number;
    /** campaign_event rows inserted per second over the vote phase (to its last answer). */
    eventAppendsPerSecond: number;
  };
}

async function pgCounts(databaseUrl: string, database: string): Promise<{ tables: Record<string, number>; stats: Record<string, number> }> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables: Record<string, number> = {};
    for (const table of ['campaign_event', 'campaign_view', 'signatory_view', 'signatory_link', 'reminder_outbox']) {
      tables[table] = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${table}`).catch(() => ({ rows: [{ n: NaN }] }))).rows[0].n);
    }
    const [s] = (
      await client.query(`SELECT tup_inserted, tup_updated, tup_deleted, xact_commit FROM pg_stat_database WHERE datname = $1`, [database])
    ).rows;
    return { tables, stats: { inserted: Number(s.tup_inserted), updated: Number(s.tup_updated), deleted: Number(s.tup_deleted), commits: Number(s.xact_commit) } };
  } finally {
    await client.end();
  }
}

/** History events of three campaign workflows (first, middle, last), current run, and the first one's by type. */
async function historySample(stack: Stack, campaignIds: string[]) {
  const pick = <T>(list: T[]) => [...new Set([list[0], list[Math.floor(list.length / 2)], list[list.length - 1]])];
  const campaigns: Record<string, number> = {};
  /** Event types in the first campaign's history: how the votes turned into workflow tasks, appends and signals. */
  const firstCampaignByType: Record<string, number> = {};
  for (const id of pick(campaignIds)) {
    const events = (await stack.client.workflow.getHandle(campaignWorkflowId(id)).fetchHistory()).events ?? [];
    campaigns[id] = events.length;
    if (id === campaignIds[0]) {
      for (const e of events) {
        const type = proto.api.enums.v1.EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(e.eventType);
        firstCampaignByType[type] = (firstCampaignByType[type] ?? 0) + 1;
      }
    }
  }
  const mean = (r: Record<string, number>) => round1(Object.values(r).reduce((a, b) => a + b, 0) / Math.max(1, Object.keys(r).length));
  return { campaigns, campaignMean: mean(campaigns), firstCampaignByType };
}

/** The workers' pids by name: `worker`, then `worker2`, `worker3`… */
function workerPids(stack: Stack): Record<string, number | undefined> {
  return Object.fromEntries(stack.workers.map((worker, i) => [i === 0 ? 'worker' : `worker${i + 1}`, worker.pid]));
}

/** N campaigns launched through the API, conference held, then every vote through the API at a fixed concurrency. */
export async function scenarioTwo(stack: Stack, n: number, workerCache: number | undefined, settings: Settings): Promise<ScenarioTwoResult> {
  const { concurrency, log } = settings;
  const result: ScenarioTwoResult = { campaigns: n, workers: stack.workers.length, signatories: SIGNATORIES, concurrency, workerCache: workerCache ?? 'default', ok: false };
  const processes = { ...workerPids(stack), api: stack.api?.pid, temporal: stack.temporal.process.pid };
  const sampler = new RssSampler(processes).start();
  const cpu = new CpuMeter(processes, stack.databaseUrl, stack.database);
  const requests = Array.from({ length: n }, (_, i) => benchCampaign(`bench-n${n}-${String(i + 1).padStart(4, '0')}`));
  const ids = requests.map((r) => r.id as string);
  const sids = requests[0].signatories.map((s) => s.id);
  try {
    // Launch.
    let latencies: number[] = [];
    let errors = tally();
    let start = performance.now();
    await runPool(requests, concurrency, async (request) => {
      const r = await http(stack.apiUrl!, 'POST', '/campaigns', stack.adminToken, request);
      if (r.status === 201 || r.status === 200) latencies.push(r.ms);
      else noteError(errors, `${request.id}: ${describe(r)}`, r.status);
    });
    result.launch = phaseStats(n, performance.now() - start, latencies, errors);
    log(`N=${n}: ${n} campaigns launched in ${Math.round(result.launch.wallMs)} ms (${result.launch.perSecond}/s), ${errors.count} error(s)`);
    if (errors.count) throw new Error(`launch failed for ${errors.count} campaign(s): ${errors.samples[0]}`);

    // Conference.
    latencies = [];
    errors = tally();
    start = performance.now();
    await runPool(ids, concurrency, async (id) => {
      const r = await http(stack.apiUrl!, 'POST', `/campaigns/${id}/conference`, stack.adminToken, { heldOn: CONFERENCE_DAY });
      if (r.status === 200) latencies.push(r.ms);
      else noteError(errors, `${id}: ${describe(r)}`, r.status);
    });
    result.conference = phaseStats(n, performance.now() - start, latencies, errors);
    if (errors.count) throw new Error(`conference failed for ${errors.count} campaign(s): ${errors.samples[0]}`);
    await waitForDeliberating(stack, n, settings);
    result.deliberatingMs = round1(performance.now() - start);
    log(`N=${n}: ${n} campaign workflows deliberating ${Math.round(result.deliberatingMs / 1000)} s after the first conference`);
    await waitForQuietTaskQueue(stack, settings);
    result.launchDrainedMs = round1(performance.now() - start);
    log(`N=${n}: task queue drained ${Math.round(result.launchDrainedMs / 1000)} s after the first conference`);

    // Personal links (set-up, not measured as votes).
    start = performance.now();
    const tokens = await issueLinks(stack, ids, sids, concurrency);
    result.linksMs = round1(performance.now() - start);
    await sleep(1000);

    // Votes: round-robin over the campaigns, as secretaries of many territories would send them.
    const votes = sids.flatMap((sid) => ids.map((id) => [id, sid] as const));
    const lag = new LagTracker(stack.databaseUrl, settings.lagPollMs);
    await lag.prime(ids);
    const before = await pgCounts(stack.databaseUrl, stack.database);
    const cpuBefore = await cpu.snapshot();
    sampler.takePhasePeaks();
    lag.start();
    latencies = [];
    errors = tally();
    start = performance.now();
    let lastProgress = start;
    let done = 0;
    await runPool(votes, concurrency, async ([id, sid]) => {
      lag.sent(id, sid);
      const r = await http(stack.apiUrl!, 'PUT', `/campaigns/${id}/signatories/${sid}/deliberation`, tokens.get(`${id}/${sid}`), adopted());
      if (r.status === 200) {
        latencies.push(r.ms);
        lag.answered(id, sid, r.at);
      } else noteError(errors, `${id}/${sid}: ${describe(r)}`, r.status);
      done++;
      if (performance.now() - lastProgress > 15_000) {
        lastProgress = performance.now();
        log(`N=${n}: ${done}/${votes.length} votes, ${Math.round((done / (lastProgress - start)) * 1000)}/s, ${errors.count} error(s)`);
      }
    });
    const votesWall = performance.now() - start;
    const cpuAfter = await cpu.snapshot();
    result.rssPeakDuringVotesBytes = sampler.takePhasePeaks();
    result.votes = phaseStats(votes.length, votesWall, latencies, errors);
    log(`N=${n}: ${votes.length} votes in ${Math.round(votesWall)} ms (${result.votes.perSecond}/s), p99 ${result.votes.latencyMs.p99} ms, ${errors.count} error(s)`);
    result.lag = await lag.stop();
    try {
      await until(
        `${n} campaigns awaiting_signature`,
        async () => {
          const client = new PgClient({ connectionString: stack.databaseUrl });
          await client.connect();
          try {
            const rows = await client.query(`SELECT count(*)::int AS n FROM campaign_view WHERE phase = 'awaiting_signature' AND id = ANY($1)`, [ids]);
            return rows.rows[0].n === n;
          } finally {
            await client.end();
          }
        },
        errors.count ? 5000 : settings.settleTimeoutMs,
        100,
      );
      result.firstVoteToAllAwaitingSignatureMs = round1(performance.now() - start);
    } catch (error) {
      if (!errors.count) throw error;
    }

    const cpuDelta = CpuMeter.delta(cpuBefore, cpuAfter);
    result.cpuSecondsDuringVotes = cpuDelta;
    const served = Math.max(1, latencies.length);
    const stackCpuSeconds = Object.entries(cpuDelta).filter(([name]) => name !== 'bench').reduce((sum, [, seconds]) => sum + seconds, 0);
    result.cpuMsPerVote = round3((stackCpuSeconds * 1000) / served);
    result.wallMsPerVote = round3(votesWall / served);
    // Statistics reach pg_stat_database when a backend has been idle a while (PostgreSQL 15: up to 10 s).
    await sleep(11_000);
    const after = await pgCounts(stack.databaseUrl, stack.database);
    const duringVotes = Object.fromEntries(Object.entries(after.stats).map(([k, v]) => [k, v - before.stats[k]]));
    const eventRows = after.tables.campaign_event - before.tables.campaign_event;
    result.postgres = {
      tables: after.tables,
      duringVotes,
      rowsWrittenPerVote: round3((duringVotes.inserted + duringVotes.updated + duringVotes.deleted) / served),
      eventRowsPerVote: round3(eventRows / served),
      eventAppendsPerSecond: round1((eventRows / votesWall) * 1000),
    };
    result.historyEvents = await historySample(stack, ids);
    result.campaignWorkflowsOpen = await runningWorkflows(stack, { type: 'campaignWorkflow' });
    result.workflowsOpen = await runningWorkflows(stack);
    result.ok = errors.count === 0 && result.lag.rowsMissing === 0;
    if (errors.count) result.error = `${errors.count} vote(s) failed, e.g. ${errors.samples[0]}`;
  } catch (error) {
    result.error = String(error instanceof Error ? error.message : error);
    log(`N=${n}: FAILED: ${result.error}`);
  } finally {
    sampler.stop();
    result.rssPeakBytes = sampler.peaks;
  }
  return result;
}

// ─────────────────────────────── baselines ───────────────────────────────

export interface TemporalBaselineResult {
  campaigns: number;
  concurrency: number;
  ok: boolean;
  error?: string;
  start?: PhaseStats;
  conference?: PhaseStats;
  /** From the first conference to every campaign workflow running in phase deliberating (visibility). */
  deliberatingMs?: number;
  /** From the first conference until the task queue held no task: the launch's work done. */
  launchDrainedMs?: number;
  /** executeUpdate(recordDeliberation) straight to the campaign workflows: the answer is the update's result. */
  messages?: PhaseStats;
  /** From the first message to every campaign awaiting_signature in PostgreSQL (the appends drained). */
  firstMessageToAllAwaitingSignatureMs?: number;
  cpuSecondsDuringMessages?: Record<string, number>;
  cpuMsPerMessage?: number;
  rssPeakBytes?: Record<string, number>;
  historyEvents?: Awaited<ReturnType<typeof historySample>>;
}

/** Baseline (a): the same workflows started, and the same updates sent, with the Temporal client; no API. */
export async function temporalBaseline(stack: Stack, n: number, settings: Settings): Promise<TemporalBaselineResult> {
  const { concurrency, log } = settings;
  const result: TemporalBaselineResult = { campaigns: n, concurrency, ok: false };
  const sampler = new RssSampler({ worker: stack.worker.pid, temporal: stack.temporal.process.pid }).start();
  const cpu = new CpuMeter({ worker: stack.worker.pid, temporal: stack.temporal.process.pid }, stack.databaseUrl, stack.database);
  const requests = Array.from({ length: n }, (_, i) => benchCampaign(`bench-raw-${String(i + 1).padStart(4, '0')}`));
  const ids = requests.map((r) => r.id as string);
  const sids = requests[0].signatories.map((s) => s.id);
  const handle = (id: string) => stack.client.workflow.getHandle(campaignWorkflowId(id));
  const timed = async (fn: () => Promise<unknown>, latencies: number[], errors: ErrorTally, what: string) => {
    const t = performance.now();
    try {
      await fn();
      latencies.push(performance.now() - t);
    } catch (error) {
      noteError(errors, `${what}: ${String(error)}`);
    }
  };
  try {
    let latencies: number[] = [];
    let errors = tally();
    let start = performance.now();
    await runPool(requests, concurrency, (request) =>
      timed(
        () =>
          stack.client.workflow.start('campaignWorkflow', {
            taskQueue: TASK_QUEUE,
            workflowId: campaignWorkflowId(request.id as string),
            args: [{ definition: definitionOf(request), launchedBy: ADMIN_ACTOR } satisfies CampaignWorkflowInput],
            typedSearchAttributes: [
              { key: CAMPAIGN_ID, value: request.id as string },
              { key: CAMPAIGN_PHASE, value: 'awaiting_conference' },
            ],
          }),
        latencies,
        errors,
        request.id as string,
      ),
    );
    result.start = phaseStats(n, performance.now() - start, latencies, errors);
    if (errors.count) throw new Error(`start failed: ${errors.samples[0]}`);

    latencies = [];
    errors = tally();
    start = performance.now();
    await runPool(ids, concurrency, (id) =>
      timed(() => handle(id).executeUpdate(holdConferenceUpdate, { args: [{ heldOn: CONFERENCE_DAY, actor: ADMIN_ACTOR }] }), latencies, errors, id),
    );
    result.conference = phaseStats(n, performance.now() - start, latencies, errors);
    if (errors.count) throw new Error(`conference failed: ${errors.samples[0]}`);
    await waitForDeliberating(stack, n, settings);
    result.deliberatingMs = round1(performance.now() - start);
    await waitForQuietTaskQueue(stack, settings);
    result.launchDrainedMs = round1(performance.now() - start);

    const votes = sids.flatMap((sid) => ids.map((id) => [id, sid] as const));
    const cpuBefore = await cpu.snapshot();
    latencies = [];
    errors = tally();
    start = performance.now();
    await runPool(votes, concurrency, ([id, sid]) =>
      timed(
        () => handle(id).executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId: sid, deliberation: adopted(), actor: SECRETARY_ACTOR(sid) }] }),
        latencies,
        errors,
        `${id}/${sid}`,
      ),
    );
    const wall = performance.now() - start;
    const cpuAfter = await cpu.snapshot();
    result.messages = phaseStats(votes.length, wall, latencies, errors);
    log(`raw Temporal, N=${n}: ${votes.length} updates in ${Math.round(wall)} ms (${result.messages.perSecond}/s), p99 ${result.messages.latencyMs.p99} ms, ${errors.count} error(s)`);
    await until(
      `${n} raw campaigns awaiting_signature in PostgreSQL`,
      async () => {
        const client = new PgClient({ connectionString: stack.databaseUrl });
        await client.connect();
        try {
          const rows = await client.query(`SELECT count(*)::int AS n FROM campaign_view WHERE phase = 'awaiting_signature'`);
          return rows.rows[0].n === n;
        } finally {
          await client.end();
        }
      },
      errors.count ? 5000 : settings.settleTimeoutMs,
      100,
    ).then(() => (result.firstMessageToAllAwaitingSignatureMs = round1(performance.now() - start)), () => undefined);
    const cpuDelta = CpuMeter.delta(cpuBefore, cpuAfter);
    result.cpuSecondsDuringMessages = cpuDelta;
    result.cpuMsPerMessage = round3(((cpuDelta.worker + cpuDelta.temporal + cpuDelta.postgres) * 1000) / Math.max(1, latencies.length));
    result.historyEvents = await historySample(stack, ids);
    result.ok = errors.count === 0;
    if (errors.count) result.error = `${errors.count} update(s) failed, e.g. ${errors.samples[0]}`;
  } catch (error) {
    result.error = String(error instanceof Error ? error.message : error);
    log(`raw Temporal baseline: FAILED: ${result.error}`);
  } finally {
    sampler.stop();
    result.rssPeakBytes = sampler.peaks;
  }
  return result;
}

export interface PostgresBaselineResult {
  sourceCampaigns: number;
  rows: number;
  concurrency: number;
  ok: boolean;
  error?: string;
  /** One INSERT per event row with `pg`, autocommit, the campaign's rows in order. */
  rawInserts?: { wallMs: number; perSecond: number; latencyMs: Percentiles };
  /** The product's path: EventStoreRepository.append (lock, hash chain, insert, projections, one transaction) per event. */
  eventAppends?: { wallMs: number; perSecond: number; latencyMs: Percentiles };
}

interface EventRow {
  id: string;
  campaign_id: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: Record<string, unknown>;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

/**
 * Baseline (b): the event rows scenario 2 wrote for its campaigns, inserted again into fresh
 * databases: straight with `pg`, and through the product's append (same rows, same order, same
 * concurrency across campaigns, each campaign's rows one after the other).
 */
export async function postgresBaseline(
  sourceUrl: string,
  freshDatabase: (suffix: string) => Promise<string>,
  settings: Settings,
): Promise<PostgresBaselineResult> {
  const { concurrency, log } = settings;
  const source = new PgClient({ connectionString: sourceUrl });
  await source.connect();
  let rows: EventRow[];
  try {
    rows = (await source.query<EventRow>(`SELECT id, campaign_id, seq, type, data, actor, occurred_at, prev_hash, hash FROM campaign_event ORDER BY campaign_id, seq`))
      .rows;
  } finally {
    await source.end();
  }
  const byCampaign = new Map<string, EventRow[]>();
  for (const row of rows) byCampaign.set(row.campaign_id, [...(byCampaign.get(row.campaign_id) ?? []), row]);
  const campaigns = [...byCampaign.values()];
  const result: PostgresBaselineResult = { sourceCampaigns: campaigns.length, rows: rows.length, concurrency, ok: false };
  try {
    // Raw: the schema of the product (migrations), then plain INSERTs.
    const rawUrl = await freshDatabase('raw');
    await (await openDatabase(rawUrl, 2)).destroy();
    const pool = new (await import('pg')).Pool({ connectionString: rawUrl, max: concurrency });
    let latencies: number[] = [];
    let start = performance.now();
    try {
      await runPool(campaigns, concurrency, async (events) => {
        for (const e of events) {
          const t = performance.now();
          await pool.query(
            `INSERT INTO campaign_event (id, campaign_id, seq, type, data, actor, occurred_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [e.id, e.campaign_id, e.seq, e.type, JSON.stringify(e.data), JSON.stringify(e.actor), e.occurred_at, e.prev_hash, e.hash],
          );
          latencies.push(performance.now() - t);
        }
      });
    } finally {
      await pool.end();
    }
    let wall = performance.now() - start;
    result.rawInserts = { wallMs: round1(wall), perSecond: round1((rows.length / wall) * 1000), latencyMs: percentiles(latencies) };
    log(`raw PostgreSQL: ${rows.length} event rows inserted in ${Math.round(wall)} ms (${result.rawInserts.perSecond}/s)`);

    // The product's append path, from the compiled-in repository, with a pool as large as the lanes.
    const appendUrl = await freshDatabase('append');
    const dataSource = await openDatabase(appendUrl, concurrency);
    const store = new EventStoreRepository(dataSource);
    latencies = [];
    start = performance.now();
    try {
      await runPool(campaigns, concurrency, async (events) => {
        for (const e of events) {
          const event = {
            id: e.id,
            campaignId: e.campaign_id,
            seq: e.seq,
            type: e.type,
            data: e.data,
            actor: e.actor,
            occurredAt: new Date(e.occurred_at).toISOString(),
          } as unknown as CampaignEvent;
          const t = performance.now();
          await store.append(e.campaign_id, [event]);
          latencies.push(performance.now() - t);
        }
      });
    } finally {
      await dataSource.destroy();
    }
    wall = performance.now() - start;
    result.eventAppends = { wallMs: round1(wall), perSecond: round1((rows.length / wall) * 1000), latencyMs: percentiles(latencies) };
    log(`event store appends: ${rows.length} events appended in ${Math.round(wall)} ms (${result.eventAppends.perSecond}/s)`);
    result.ok = true;
  } catch (error) {
    result.error = String(error instanceof Error ? error.message : error);
    log(`PostgreSQL baseline: FAILED: ${result.error}`);
  }
  return result;
}
