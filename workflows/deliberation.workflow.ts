import { ActivityFailure, ApplicationFailure, condition, getExternalWorkflowHandle, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { awaitsDecision, campaignWorkflowId, isEscalated, nextReminder } from '../libs/domain/src';
import { CampaignStateActivities, REMINDER_REFUSED, ReminderActivities, ReminderReceipt } from '../libs/contracts/src';
import {
  DeliberationWorkflowInput,
  SignatorySnapshot,
  deliberationSnapshotQuery,
  reminderSentSignal,
  signatoryUpdatedSignal,
} from '../libs/contracts/src';

const { sendReminder } = proxyActivities<ReminderActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** The SMTP server refused the reminder for good (5xx): the only way `sendReminder` gives up. */
const isRefused = (error: unknown) =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === REMINDER_REFUSED;

const { signatoryState } = proxyActivities<CampaignStateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const isReminded = (s: SignatorySnapshot) => !s.closed && awaitsDecision(s.status);

/** Whether the reminders due are the same for both: the same status, session, deadline and closing. */
const sameSchedule = (a: SignatorySnapshot, b: SignatorySnapshot) =>
  a.status === b.status && a.sessionDate === b.sessionDate && a.deliberationDeadline === b.deliberationDeadline && a.closed === b.closed;

/**
 * One signatory's deliberation: it sends the reminders of the campaign's policy, on durable timers,
 * until the body decides or the campaign closes. Started with `checksBeforeReminding`, it asks the
 * campaign for the signatory's state right before each reminder, and is told only of what cannot
 * wait; started without it (by a campaign run before patch `campaign-loop-2`), it is told of every
 * change.
 */
export async function deliberationWorkflow(input: DeliberationWorkflowInput): Promise<SignatorySnapshot> {
  let snapshot = input.snapshot;
  let version = 0;
  let remindersSent = snapshot.remindersSent;
  /** The last reminder slot dealt with; slots that passed before this workflow began are never sent. */
  let afterMs = input.remindersAfterMs ?? Date.now();
  let nextAt: number | undefined;

  setHandler(signatoryUpdatedSignal, (update) => {
    snapshot = update;
    remindersSent = Math.max(remindersSent, update.remindersSent);
    version++;
  });
  setHandler(deliberationSnapshotQuery, () => ({
    ...snapshot,
    remindersSent,
    nextReminderAt: nextAt === undefined ? undefined : new Date(nextAt).toISOString(),
  }));

  const changedSince = (seen: number) => () => version !== seen;

  while (!snapshot.closed) {
    const seen = version;
    const next = isReminded(snapshot)
      ? nextReminder(input.reminderPolicy, Date.parse(snapshot.deliberationDeadline), {
          afterMs,
          sessionDate: snapshot.sessionDate,
          nowMs: Date.now(),
        })
      : undefined;
    nextAt = next?.at;
    if (!next) {
      await condition(changedSince(seen));
      continue;
    }
    if (next.at > Date.now() && (await condition(changedSince(seen), next.at - Date.now()))) continue;
    if (input.checksBeforeReminding) {
      // The campaign no longer tells this workflow of every vote: it asks, right before reminding.
      const current = await signatoryState(input.campaignId, input.signatory.id);
      if (!sameSchedule(snapshot, current)) {
        snapshot = current;
        remindersSent = Math.max(remindersSent, current.remindersSent);
        version++;
        continue;
      }
    }

    const number = remindersSent + 1;
    let receipt: ReminderReceipt;
    try {
      receipt = await sendReminder({
        campaignId: input.campaignId,
        campaignTitle: input.campaignTitle,
        signatory: input.signatory,
        number,
        escalated: isEscalated(input.reminderPolicy, number),
        overdue: next.overdue,
        deliberationDeadline: snapshot.deliberationDeadline,
      });
    } catch (error) {
      if (!isRefused(error)) throw error;
      // The slot and its number are spent and the next reminders go on: from the escalation step
      // they copy the administrators, who then learn of an address that refuses mail.
      log.warn('reminder refused by the SMTP server', { number, error: String((error as ActivityFailure).cause?.message) });
      remindersSent = number;
      afterMs = next.at;
      continue;
    }
    if (receipt.skipped) {
      // The body decided, or the campaign closed, while the send was failing (an SMTP outage): nothing
      // went out, so no number is spent and the campaign records nothing. The slot is spent, so the
      // loop waits for the news (a signal, or the check before the next slot) instead of asking again.
      log.info('reminder not sent: nothing awaited any more', { number, reason: receipt.reason });
      afterMs = next.at;
      continue;
    }
    remindersSent = number;
    afterMs = next.at;
    try {
      await getExternalWorkflowHandle(campaignWorkflowId(input.campaignId)).signal(reminderSentSignal, {
        signatoryId: input.signatory.id,
        number,
        ...receipt,
      });
    } catch (error) {
      log.warn('campaign not told of a reminder', { number, error: String(error) });
    }
  }
  return { ...snapshot, remindersSent };
}
