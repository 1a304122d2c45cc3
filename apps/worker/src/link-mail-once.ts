import type { Transporter } from 'nodemailer';
import type { PersonalLinkReceipt, PersonalLinkRequest } from '@ctg/contracts';
import { PersonalLinkOutboxRepository } from '@ctg/persistence';
import { MailContent } from './mail-wording';
import type { ReminderSettings } from './reminder.activities';
import { deliver } from './smtp-delivery';

export interface LinkMailDependencies {
  outbox: PersonalLinkOutboxRepository;
  transport: Transporter;
  settings: Pick<ReminderSettings, 'mailFrom'>;
}

export interface LinkMail {
  messageId: string;
  /** The type of the non-retryable failure of a refusal for good (5xx). */
  refusalType: string;
}

/**
 * The e-mail of one event (its seq, with the campaign, is its key in the outbox), at most once whatever the retries: a row of the outbox is claimed
 * before it goes out and marked sent after; `prepare` issues what it carries (a link, a code)
 * only when it has not gone out yet, and gives the same content again on a retry.
 */
export async function sendLinkMailOnce(
  deps: LinkMailDependencies,
  request: PersonalLinkRequest,
  mail: LinkMail,
  prepare: () => Promise<MailContent>,
): Promise<PersonalLinkReceipt> {
  const { campaignId, seq } = request;
  const signatoryId = request.signatory.id;
  // A forwarded link goes to the person it was forwarded to, not to the body's address.
  const address = request.delegate?.email ?? request.signatory.email;
  const { messageId } = mail;
  const to = [address];
  const claimed = await deps.outbox.claim({ campaignId, seq, signatoryId, messageId, recipients: to });
  if (claimed?.status === 'sent') return { messageId, to: claimed.recipients, sentAt: claimed.sentAt ?? new Date().toISOString() };
  const email = await prepare();
  // A refusal for good (5xx) is not retried: it would hold up the signatory's next e-mails.
  await deliver(
    deps.transport,
    { from: deps.settings.mailFrom, to, subject: email.subject, text: email.text, messageId, headers: { 'X-CTG-Campaign': campaignId, 'X-CTG-Signatory': signatoryId } },
    mail.refusalType,
  );
  const sentAt = await deps.outbox.markSent(campaignId, seq);
  return { messageId, to, sentAt };
}
