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

export const { sendPersonalLink } = proxyActivities<PersonalLinkActivities>({ startToCloseTimeout: '1 minute', retry: MAIL_RETRY });

export const { sendSignatureMail } = proxyActivities<SignatureMailActivities>({ startToCloseTimeout: '1 minute', retry: MAIL_RETRY });

export const { sendReminder } = proxyActivities<ReminderActivities>({ startToCloseTimeout: '1 minute', retry: MAIL_RETRY });

/** The SMTP server refused the reminder for good (5xx): the only way `sendReminder` gives up. */
export const isRefusedReminder = (error: unknown): boolean =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === REMINDER_REFUSED;
