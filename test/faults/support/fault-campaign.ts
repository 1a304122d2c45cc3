import { Deliberation, ReminderPolicy, reminderSlots } from '@ctg/domain';
import { CampaignRequest } from '@ctg/reference-data/terres-du-lauragais';
import { adopted, inSeconds, lauragaisCampaign, rejected } from '../../fixtures/campaigns';
import { reminderNumber } from '../../../scripts/dev-stack/mail-catcher';
import { FaultStack } from './fault-stack';
import { Answer, PatientOptions, sendPatiently } from './patient-client';

/** Two reminders before the deadline, two once late: four e-mails to a body that never votes in time. */
export const FAULT_REMINDER_POLICY: ReminderPolicy = {
  before: ['PT16S', 'PT8S'],
  overdueEvery: 'PT4S',
  overdueMax: 2,
  escalateFrom: 3,
  businessDaysOnly: false,
};

export interface FaultCampaignOptions {
  /** From the launch to the deadline; the votes of the burst must fit before the first reminder. */
  deadlineInSeconds: number;
  /** Optional communes that vote only once they have received every reminder of the policy. */
  lateCount?: number;
  /** The campaign's reminders; FAULT_REMINDER_POLICY unless a fault needs its slots further apart. */
  reminderPolicy?: ReminderPolicy;
}

/**
 * The Terres du Lauragais campaign as the fault harness runs it: 62 bodies, each voting through its
 * own personal link, most in one burst, a few late ones only after their last reminder, then the
 * signature. Every request is sent patiently (retried with the same body), as real clients do.
 */
export class FaultCampaign {
  readonly request: CampaignRequest;
  readonly id: string;
  readonly voters: string[];
  readonly late: string[];
  /** The answer each secretary's vote finally got. */
  readonly votes = new Map<string, Answer>();
  /** Every administrator request and its answer. */
  readonly adminAnswers: { what: string; answer: Answer }[] = [];
  signature: Answer | undefined;
  /** Votes sent and not answered yet, this instant. */
  inFlight = 0;
  readonly deadlineMs: number;
  readonly reminderPolicy: ReminderPolicy;
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly stack: FaultStack,
    name: string,
    options: FaultCampaignOptions,
  ) {
    this.reminderPolicy = options.reminderPolicy ?? FAULT_REMINDER_POLICY;
    this.request = lauragaisCampaign({
      id: `faults-${name}-${Date.now().toString(36)}`,
      deliberationDeadline: inSeconds(options.deadlineInSeconds),
      reminderPolicy: this.reminderPolicy,
    });
    this.id = this.request.id as string;
    this.deadlineMs = Date.parse(this.request.deliberationDeadline);
    const optional = this.request.signatories.filter((s) => !s.required).map((s) => s.id);
    this.late = optional.slice(-(options.lateCount ?? 6));
    this.voters = this.request.signatories.map((s) => s.id).filter((id) => !this.late.includes(id));
  }

  /** The vote of each body: a few optional communes reject, every other body adopts. */
  deliberationOf(signatoryId: string): Deliberation {
    const index = this.request.signatories.findIndex((s) => s.id === signatoryId);
    const signatory = this.request.signatories[index];
    const number = `2023-${String(100 + index)}`;
    if (!signatory.required && index % 9 === 4) return rejected({ number, votesFor: 3, votesAgainst: 10 + (index % 5) });
    return adopted({ number, votesFor: 10 + (index % 17), abstentions: index % 3 });
  }

  /** The reminders each body should get: all of them for a late body, none for one that voted before the first. */
  expectedReminders(signatoryId: string): { min: number; max: number } {
    const slots = reminderSlots(this.reminderPolicy, this.deadlineMs);
    if (this.late.includes(signatoryId)) return { min: slots.length, max: slots.length };
    const vote = this.votes.get(signatoryId);
    if (!vote) return { min: 0, max: slots.length };
    // A reminder due while the secretary had not even sent the vote must go out; one due after the
    // acknowledgment (plus the moment the campaign takes to tell the body's workflow) must not.
    return {
      min: slots.filter((s) => s.at < vote.firstSentAt - 2000).length,
      max: slots.filter((s) => s.at <= vote.answeredAt + 3000).length,
    };
  }

  async launch(): Promise<void> {
    await this.admin('launch', 'POST', '/campaigns', this.request, [201, 200]);
    await this.admin('conference', 'POST', `/campaigns/${this.id}/conference`, { heldOn: '2023-06-13' }, [200]);
    await runAll(this.request.signatories.map((s) => s.id), 16, async (sid) => {
      const answer = await this.admin(`link ${sid}`, 'POST', `/campaigns/${this.id}/signatories/${sid}/link`, undefined, [201]);
      this.tokens.set(sid, answer.body.token);
    });
  }

  /**
   * Every secretary of `signatoryIds` within `spreadMs`, each retrying until answered. `onAnswered`
   * sees the running count of 2xx answers, for a fault to strike in the middle of the burst.
   */
  async castVotes(signatoryIds: string[], onAnswered: (acknowledged: number) => void = () => undefined, spreadMs = 0): Promise<void> {
    let acknowledged = 0;
    await runAll(signatoryIds, signatoryIds.length, async (sid) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * spreadMs));
      const answer = await this.sendVote(sid, { onInFlight: (change) => (this.inFlight += change) });
      this.votes.set(sid, answer);
      if (answer.status === 200) onAnswered(++acknowledged);
    });
  }

  /** One try of a secretary's vote, without retrying: the test decides when the same body goes again. */
  voteOnce(signatoryId: string): Promise<Answer> {
    return this.sendVote(signatoryId, { giveUpAfterMs: 0 });
  }

  /** The secretary's vote through their own personal link. */
  private sendVote(signatoryId: string, options: PatientOptions): Promise<Answer> {
    const path = `/campaigns/${this.id}/signatories/${signatoryId}/deliberation`;
    return sendPatiently(this.stack.apiUrls, 'PUT', path, this.tokens.get(signatoryId), this.deliberationOf(signatoryId), options);
  }

  /** Each late body that has not voted yet votes once its last reminder has arrived. */
  async castLateVotes(timeoutMs = 120_000): Promise<void> {
    const expected = reminderSlots(this.reminderPolicy, this.deadlineMs).length;
    const waiting = this.late.filter((sid) => this.votes.get(sid)?.status !== 200);
    await runAll(waiting, waiting.length, async (sid) => {
      await this.until(`all ${expected} reminders of ${sid}`, () => this.reminderNumbers(sid).length >= expected, timeoutMs);
      await this.castVotes([sid]);
    });
  }

  async sign(): Promise<Answer> {
    await this.until('awaiting_signature', async () => (await this.campaign()).phase === 'awaiting_signature', 120_000);
    this.signature = await this.admin('signature', 'POST', `/campaigns/${this.id}/signature`, { signedOn: '2023-11-21' }, [200]);
    return this.signature;
  }

  async campaign(): Promise<{ phase: string; counts: Record<string, number> }> {
    const answer = await sendPatiently(this.stack.apiUrls, 'GET', `/campaigns/${this.id}`, this.stack.adminToken);
    return answer.body;
  }

  /** The one reminders of `signatoryId` that arrived, in order. */
  remindersOf(signatoryId: string) {
    return this.stack.mail.reminders(this.id, signatoryId);
  }

  /** The numbers of the reminders `signatoryId` received, each once, in order: one delivered twice counts once. */
  reminderNumbers(signatoryId: string): number[] {
    return [...new Set(this.remindersOf(signatoryId).map(reminderNumber))].sort((a, b) => a - b);
  }

  async until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${this.id}: no ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async admin(what: string, method: string, path: string, body: unknown, expected: number[]): Promise<Answer> {
    const answer = await sendPatiently(this.stack.apiUrls, method, path, this.stack.adminToken, body);
    this.adminAnswers.push({ what, answer });
    if (!expected.includes(answer.status)) throw new Error(`${this.id} ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }
}

/** `work` on every item, at most `concurrency` at a time. */
export async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
