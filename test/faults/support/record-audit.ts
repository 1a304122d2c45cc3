import { CampaignState, Deliberation } from '@ctg/domain';
import { LiveState, checkConsistency, verifyRecord } from '@ctg/persistence';
import { liveState } from '../../../scripts/record/record-commands';
import { FaultCampaign } from './fault-campaign';
import { FaultStack } from './fault-stack';

/** One line of the fault table: what was acknowledged, what the record holds, and how long it took to recover. */
export interface FaultRow {
  fault: string;
  votesAcknowledged: number;
  votesFound: number;
  duplicates: number;
  remindersExpected: string;
  remindersSent: number;
  /** The same reminder (same Message-ID) delivered more than once. */
  remindersRepeated: number;
  /** Answers other than 2xx, 503 and a refused or cut connection: each one is a bug. */
  unexpectedAnswers: number;
  outageMs: number;
  recoveryMs: number;
  chain: string;
  problems: string[];
}

export interface FaultTiming {
  /** When the fault struck, and when the part came back (restart issued, or start completed). */
  injectedAt: number;
  restoredAt: number;
  /** The first user-visible success after the part came back: a vote, a reminder, the signature. */
  recoveredAt: number;
  /** Where nothing had to come back (another process carried on), what recovery means instead, in ms. */
  recoveryMs?: number;
}

/**
 * The workflow's state once the event store has every event the workflow decided and every
 * reminder the SMTP server took: an answer may go out before the append (the fact is durable in
 * Temporal), and a reminder e-mailed by an attempt whose worker died before it reported is
 * recorded by the retry, once the activity's 15 s start-to-close timeout has passed.
 */
async function caughtUp(stack: FaultStack, campaign: FaultCampaign, timeoutMs = 60_000): Promise<LiveState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await liveState(stack.client, campaign.id);
    const [{ seq, reminders }] = await stack.dataSource.query(
      `SELECT coalesce(max(seq), 0)::int AS seq, count(*) FILTER (WHERE type = 'ReminderSent')::int AS reminders FROM campaign_event WHERE campaign_id = $1`,
      [campaign.id],
    );
    const emailed = campaign.request.signatories.reduce((n, s) => n + campaign.reminderNumbers(s.id).length, 0);
    if (('state' in live && live.state.lastSeq === seq && reminders >= emailed) || Date.now() > deadline) return live;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const VOTE_FIELDS: (keyof Deliberation)[] = ['sessionDate', 'decision', 'votesFor', 'votesAgainst', 'abstentions', 'number'];
const sameVote = (a: Partial<Deliberation> | null | undefined, b: Deliberation) => !!a && VOTE_FIELDS.every((f) => a[f] === b[f]);

/**
 * After a fault: every vote that got a 2xx is in the workflow's state, exactly once in the event
 * store and in the read models; every reminder arrived once and in order, none was skipped and no
 * body that had voted was chased; the hash chain verifies; the campaign is signed, once.
 */
export async function auditCampaign(stack: FaultStack, campaign: FaultCampaign, fault: string, timing: FaultTiming): Promise<FaultRow> {
  const problems: string[] = [];
  const id = campaign.id;
  const acknowledged = [...campaign.votes].filter(([, answer]) => answer.status === 200).map(([sid]) => sid);
  const all = campaign.request.signatories.map((s) => s.id);
  for (const sid of all) if (!acknowledged.includes(sid)) problems.push(`${sid}: vote never acknowledged (${campaign.votes.get(sid)?.status ?? 'not sent'})`);

  const live = await caughtUp(stack, campaign);
  const state: CampaignState | undefined = 'state' in live ? live.state : undefined;
  if (!state) problems.push(`workflow state unavailable: ${'unavailable' in live ? live.unavailable : ''}`);

  const recorded: { sid: string; data: { deliberation: Deliberation } }[] = await stack.dataSource.query(
    `SELECT data->>'signatoryId' AS sid, data FROM campaign_event WHERE campaign_id = $1 AND type = 'DeliberationRecorded' ORDER BY seq`,
    [id],
  );
  const views: { signatory_id: string; status: string; deliberation: Deliberation | null }[] = await stack.dataSource.query(
    `SELECT signatory_id, status, deliberation FROM signatory_view WHERE campaign_id = $1`,
    [id],
  );
  const viewOf = new Map(views.map((v) => [v.signatory_id, v]));
  let found = 0;
  for (const sid of acknowledged) {
    const sent = campaign.deliberationOf(sid);
    const events = recorded.filter((r) => r.sid === sid);
    const inState = sameVote(state?.signatories[sid]?.deliberation, sent);
    const inStore = events.length >= 1 && events.every((e) => sameVote(e.data.deliberation, sent));
    const inView = sameVote(viewOf.get(sid)?.deliberation, sent) && viewOf.get(sid)?.status === sent.decision;
    if (events.length > 1) problems.push(`${sid}: ${events.length} DeliberationRecorded events`);
    if (!inState) problems.push(`${sid}: acknowledged vote missing from the workflow state`);
    if (!inStore) problems.push(`${sid}: acknowledged vote missing from the event store`);
    if (!inView) problems.push(`${sid}: acknowledged vote missing from the read model`);
    if (inState && inStore && inView) found++;
  }
  const duplicates = recorded.length - new Set(recorded.map((r) => r.sid)).size;

  const reminderEvents: { sid: string; n: number }[] = await stack.dataSource.query(
    `SELECT data->>'signatoryId' AS sid, (data->>'number')::int AS n FROM campaign_event WHERE campaign_id = $1 AND type = 'ReminderSent' ORDER BY seq`,
    [id],
  );
  let expectedMin = 0;
  let expectedMax = 0;
  let sent = 0;
  let repeated = 0;
  for (const sid of all) {
    const numbers = campaign.reminderNumbers(sid);
    repeated += campaign.remindersOf(sid).length - numbers.length;
    sent += numbers.length;
    const inRecord = reminderEvents.filter((e) => e.sid === sid).map((e) => e.n);
    const { min, max } = campaign.expectedReminders(sid);
    expectedMin += min;
    expectedMax += max;
    if (numbers.some((n, i) => n !== i + 1)) problems.push(`${sid}: reminders ${numbers.join(',')} (one skipped)`);
    if (numbers.length < min) problems.push(`${sid}: ${numbers.length} reminder(s), at least ${min} expected`);
    if (numbers.length > max) problems.push(`${sid}: ${numbers.length} reminder(s) (chased after its vote), at most ${max} expected`);
    if (inRecord.join(',') !== numbers.join(',')) problems.push(`${sid}: reminders e-mailed ${numbers.join(',')} but recorded ${inRecord.join(',')}`);
  }
  if (repeated > 0) problems.push(`${repeated} reminder(s) delivered twice`);

  const answers = [...campaign.votes.values(), ...campaign.adminAnswers.map((a) => a.answer)];
  const unexpected = answers.flatMap((a) => a.attempts).filter((t) => typeof t.status === 'number' && t.status >= 300 && t.status !== 503);
  for (const t of unexpected.slice(0, 5)) problems.push(`an answer ${t.status} at ${new Date(t.at).toISOString()}`);
  // What the API logged as errors (pino level 50 and up) says why it answered a 5xx.
  if (unexpected.length) {
    const errors = stack.api.log().split('\n').filter((line) => /"level":(5\d|60)/.test(line));
    for (const line of errors.slice(-3)) problems.push(`API error log: ${line.slice(0, 1500)}`);
  }

  const chain = await verifyRecord(stack.dataSource, id);
  if (!chain.valid) problems.push(`hash chain broken at seq ${chain.firstBrokenSeq}: ${chain.reason}`);
  const consistency = await checkConsistency(stack.dataSource, id, live);
  for (const d of consistency.disagreements.slice(0, 5)) problems.push(`${d.between} disagree on ${d.path}`);
  const [{ signed }] = await stack.dataSource.query(
    `SELECT count(*)::int AS signed FROM campaign_event WHERE campaign_id = $1 AND type = 'ConventionSigned'`,
    [id],
  );
  if (state?.phase !== 'signed' || signed !== 1) problems.push(`phase ${state?.phase}, ${signed} ConventionSigned event(s)`);

  return {
    fault,
    votesAcknowledged: acknowledged.length,
    votesFound: found,
    duplicates,
    remindersExpected: expectedMin === expectedMax ? String(expectedMin) : `${expectedMin}–${expectedMax}`,
    remindersSent: sent,
    remindersRepeated: repeated,
    unexpectedAnswers: unexpected.length,
    outageMs: timing.restoredAt - timing.injectedAt,
    recoveryMs: timing.recoveryMs ?? timing.recoveredAt - timing.restoredAt,
    chain: chain.valid ? `valid (${chain.events} events)` : `broken at ${chain.firstBrokenSeq}`,
    problems,
  };
}
