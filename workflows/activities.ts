import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { PersonalLinkActivities, REMINDER_REFUSED, RecordActivities, ReminderActivities, SignatureMailActivities } from '../libs/contracts/src';

/**
 * Appends events whose deciding workflow task Temporal has persisted: the activity is scheduled by
 * that task, so its input is durable before it runs, and the record never holds a decision
 * Temporal could still lose.
 */
export const { appendEvents } = proxyActivities<RecordActivities>({
  // One transaction of at most a batch of rows; a completion lost with a Temporal restart is retried soon.
  startToCloseTimeout: '10 seconds',
  // PostgreSQL may be down for a while: keep the events in the workflow and retry until it is back.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '20 seconds' },
});

/** E-mails retry until the SMTP server takes them; only a refusal for good (5xx) ends them early. */
const MAIL_RETRY = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;
/**
 * An e-mail's attempt: the worker's SMTP timeouts (create-worker.ts) end a slow one first, so this
 * bounds only an attempt whose worker died. It is retried this soon, not a minute later, when the
 * following reminders of a body would already be due.
 */
const MAIL_ATTEMPT = { startToCloseTimeout: '15 seconds', retry: MAIL_RETRY } as const;

export const { sendPersonalLink } = proxyActivities<PersonalLinkActivities>(MAIL_ATTEMPT);

export const { sendSignatureMail } = proxyActivities<SignatureMailActivities>(MAIL_ATTEMPT);

export const { sendReminder } = proxyActivities<ReminderActivities>(MAIL_ATTEMPT);

/** The SMTP server refused the reminder for good (5xx): the only way `sendReminder` gives up. */
export const isRefusedReminder = (error: unknown): boolean =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === REMINDER_REFUSED;
