import { CampaignState, isClosed, statusOf } from './campaign-state';
import { ReminderPolicy } from './campaign-definition';
import { ReminderSlot, awaitsDecision, isEscalated, nextReminderAmong, reminderSlots } from './reminder-schedule';

/** Where one body stands in its reminders: what the campaign carries from run to run. */
export interface ReminderProgress {
  /** The last slot dealt with (sent, refused or skipped): only later slots are due. */
  lastSlotAt: number;
  /** The last reminder number spent, a refused one included: the next reminder takes the one after. */
  lastNumber: number;
}

/** A reminder to send now. */
export interface DueReminder {
  signatoryId: string;
  slot: ReminderSlot;
  number: number;
  escalated: boolean;
}

/**
 * The reminders of every body of one campaign, from its policy: which are due now, and when the
 * next one falls, so the campaign sleeps on one durable timer for all of its bodies.
 */
export class ReminderRound {
  private slotsFor?: { deadline: string; slots: ReminderSlot[] };

  constructor(
    private readonly policy: ReminderPolicy,
    /** Per signatory; a body absent from it is not reminded yet (the conference is not held). */
    readonly progress: Record<string, ReminderProgress>,
  ) {}

  /** The conference starts every body's reminders; slots before `nowMs` are never sent. */
  begin(state: CampaignState, nowMs: number): void {
    for (const id of Object.keys(state.signatories)) {
      if (!Object.hasOwn(this.progress, id)) this.progress[id] = { lastSlotAt: nowMs, lastNumber: 0 };
    }
  }

  /** The next slot of a body still awaited, due or not; undefined when none is left. */
  nextSlot(state: CampaignState, signatoryId: string, nowMs: number): ReminderSlot | undefined {
    const progress = this.progress[signatoryId];
    const signatory = state.signatories[signatoryId];
    if (!progress || !signatory || isClosed(state) || !awaitsDecision(statusOf(signatory))) return undefined;
    return nextReminderAmong(this.slots(state.deliberationDeadline), {
      afterMs: progress.lastSlotAt,
      sessionDate: signatory.sessionDate,
      nowMs,
    });
  }

  /** The reminder a body is due at `nowMs`, numbered after its last one. */
  due(state: CampaignState, signatoryId: string, nowMs: number): DueReminder | undefined {
    const slot = this.nextSlot(state, signatoryId, nowMs);
    if (!slot || slot.at > nowMs) return undefined;
    const number = Math.max(this.progress[signatoryId].lastNumber, state.signatories[signatoryId].remindersSent) + 1;
    return { signatoryId, slot, number, escalated: isEscalated(this.policy, number) };
  }

  /** The slot is dealt with; the number is spent only when a reminder went out or was refused. */
  dealtWith(reminder: DueReminder, numberSpent: boolean): void {
    const progress = this.progress[reminder.signatoryId];
    progress.lastSlotAt = Math.max(progress.lastSlotAt, reminder.slot.at);
    if (numberSpent) progress.lastNumber = Math.max(progress.lastNumber, reminder.number);
  }

  private slots(deadline: string): ReminderSlot[] {
    if (this.slotsFor?.deadline !== deadline) this.slotsFor = { deadline, slots: reminderSlots(this.policy, Date.parse(deadline)) };
    return this.slotsFor.slots;
  }
}
