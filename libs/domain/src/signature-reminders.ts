import { CampaignState, isClosed } from './campaign-state';
import { ReminderPolicy } from './campaign-definition';
import { ReminderSlot, nextReminderAmong, reminderSlots } from './reminder-schedule';
import type { DueReminder, ReminderProgress } from './reminder-round';

/**
 * The reminders of the signatures not yet given, under the campaign's own policy: the convention
 * sent round is « due » the moment it goes out, so a body that has not signed is reminded every
 * `overdueEvery` after it, up to `overdueMax` times (on business days when the policy says so).
 * Each reminder is a new signature link by e-mail; the administrators are not copied.
 */
export class SignatureReminderRound {
  private slotsFor?: { from: string; slots: ReminderSlot[] };

  constructor(
    private readonly policy: ReminderPolicy,
    /** Per signing body, from the circulation on. */
    readonly progress: Record<string, ReminderProgress>,
  ) {}

  /** The circulation starts the reminders of every signing body. */
  begin(state: CampaignState, nowMs: number): void {
    for (const id of state.circulation?.signers ?? []) {
      if (!Object.hasOwn(this.progress, id)) this.progress[id] = { lastSlotAt: nowMs, lastNumber: 0 };
    }
  }

  nextSlot(state: CampaignState, signatoryId: string, nowMs: number): ReminderSlot | undefined {
    const progress = this.progress[signatoryId];
    const circulation = state.circulation;
    if (!progress || !circulation || isClosed(state) || state.signatories[signatoryId]?.signature) return undefined;
    return nextReminderAmong(this.slots(circulation.at), { afterMs: progress.lastSlotAt, nowMs });
  }

  due(state: CampaignState, signatoryId: string, nowMs: number): DueReminder | undefined {
    const slot = this.nextSlot(state, signatoryId, nowMs);
    if (!slot || slot.at > nowMs) return undefined;
    return { signatoryId, slot, number: this.progress[signatoryId].lastNumber + 1, escalated: false };
  }

  dealtWith(reminder: DueReminder): void {
    const progress = this.progress[reminder.signatoryId];
    progress.lastSlotAt = Math.max(progress.lastSlotAt, reminder.slot.at);
    progress.lastNumber = Math.max(progress.lastNumber, reminder.number);
  }

  private slots(from: string): ReminderSlot[] {
    if (this.slotsFor?.from !== from) this.slotsFor = { from, slots: reminderSlots({ ...this.policy, before: [] }, Date.parse(from)) };
    return this.slotsFor.slots;
  }
}
