import { addDays, dayInParis } from './calendar-day';
import { ReminderPolicy } from './campaign-definition';
import { durationMs } from './duration';
import { toBusinessDay } from './business-days';
import { parisInstant } from './paris-time';
import type { SignatoryStatus } from './campaign-state';

/** Reminders on business days go out at this hour, Paris time: office hours for a town hall. */
export const BUSINESS_HOUR = 9;

/** A body that has not decided yet (an adjourned vote awaits another session): the only one reminded. */
export function awaitsDecision(status: SignatoryStatus): boolean {
  return status === 'pending' || status === 'scheduled' || status === 'adjourned';
}

export interface ReminderSlot {
  at: number;
  overdue: boolean;
}

/** Every instant the policy would remind at, for a deadline, in time order, without repeats. */
export function reminderSlots(policy: ReminderPolicy, deadlineMs: number): ReminderSlot[] {
  const slots: ReminderSlot[] = policy.before.map((d) => ({ at: deadlineMs - (durationMs(d) ?? 0), overdue: false }));
  const every = durationMs(policy.overdueEvery) ?? 0;
  for (let k = 1; k <= policy.overdueMax; k++) slots.push({ at: deadlineMs + k * every, overdue: true });
  const placed = policy.businessDaysOnly ? slots.map((s) => onBusinessDay(s, deadlineMs)) : slots;
  const unique = new Map<number, ReminderSlot>();
  for (const slot of placed.filter((s) => s.overdue || s.at <= deadlineMs)) {
    if (!unique.has(slot.at)) unique.set(slot.at, slot);
  }
  return [...unique.values()].sort((a, b) => a.at - b.at);
}

/**
 * Before the deadline a reminder moves back to the previous business day, after it forward to the
 * next one, so that a secretary is never reminded on a weekend or a public holiday.
 */
function onBusinessDay(slot: ReminderSlot, deadlineMs: number): ReminderSlot {
  const day = toBusinessDay(dayInParis(slot.at), slot.overdue ? 'next' : 'previous');
  let at = parisInstant(day, BUSINESS_HOUR);
  // Office hours on the deadline's own day may fall on the wrong side of the deadline itself.
  if (!slot.overdue && at > deadlineMs) at = parisInstant(toBusinessDay(addDays(day, -1), 'previous'), BUSINESS_HOUR);
  if (slot.overdue && at <= deadlineMs) at = parisInstant(toBusinessDay(addDays(day, 1), 'next'), BUSINESS_HOUR);
  return { at, overdue: slot.overdue };
}

export interface ReminderClock {
  /** The last slot already dealt with (sent, or skipped as missed): only later slots count. */
  afterMs: number;
  /** The announced session date, if any: no reminder before the day after it. */
  sessionDate?: string;
  nowMs: number;
}

/** The first instant a signatory may be reminded after an announced session: the next day, 00:00 in Paris. */
export function notBeforeSession(sessionDate: string | undefined): number {
  return sessionDate ? parisInstant(addDays(sessionDate, 1), 0) : Number.NEGATIVE_INFINITY;
}

/**
 * The next reminder to send. When several slots have passed unsent (a worker was down for days),
 * only the latest is returned, so a secretary gets one e-mail, not a burst.
 */
export function nextReminder(policy: ReminderPolicy, deadlineMs: number, clock: ReminderClock): ReminderSlot | undefined {
  return nextReminderAmong(reminderSlots(policy, deadlineMs), clock);
}

/** `nextReminder` over slots computed once for the deadline: a campaign asks it for every body. */
export function nextReminderAmong(slots: readonly ReminderSlot[], clock: ReminderClock): ReminderSlot | undefined {
  const notBefore = notBeforeSession(clock.sessionDate);
  const candidates = slots.filter((s) => s.at > clock.afterMs && s.at >= notBefore);
  const due = candidates.filter((s) => s.at <= clock.nowMs);
  return due.length > 0 ? due[due.length - 1] : candidates[0];
}

export function isEscalated(policy: ReminderPolicy, reminderNumber: number): boolean {
  return reminderNumber >= policy.escalateFrom;
}
