import type { Transporter } from 'nodemailer';
import { ReminderOutboxRepository, SignatoryLinkRepository, AdministratorRepository } from '../../../libs/persistence/src';
import type { ReminderActivities, ReminderReceipt, ReminderRequest } from '../../../workflows/activity-contracts';
import { renderReminderEmail } from './reminder-email';

export interface ReminderSettings {
  publicUrl: string;
  mailFrom: string;
  linkTtlMs: number;
  /** Domain of the Message-ID header. */
  messageIdDomain: string;
}

export interface ReminderDependencies {
  outbox: ReminderOutboxRepository;
  links: SignatoryLinkRepository;
  administrators: AdministratorRepository;
  transport: Transporter;
  settings: ReminderSettings;
}

/** The Message-ID is derived from (campaign, signatory, number): a re-sent copy is the same message. */
export function reminderMessageId(request: Pick<ReminderRequest, 'campaignId' | 'signatory' | 'number'>, domain: string): string {
  return `<reminder.${request.campaignId}.${request.signatory.id}.${request.number}@${domain}>`;
}

export function createReminderActivities(deps: ReminderDependencies): ReminderActivities {
  return {
    async sendReminder(request: ReminderRequest): Promise<ReminderReceipt> {
      const messageId = reminderMessageId(request, deps.settings.messageIdDomain);
      const to = [request.signatory.email];
      const cc = request.escalated ? await deps.administrators.forCampaign(request.campaignId) : [];
      const claimed = await deps.outbox.claim({
        campaignId: request.campaignId,
        signatoryId: request.signatory.id,
        number: request.number,
        messageId,
        recipients: to,
        copies: cc,
      });
      if (claimed?.status === 'sent') {
        return { messageId, to: claimed.recipients, cc: claimed.copies, sentAt: claimed.sentAt ?? new Date().toISOString() };
      }
      // Not sent yet, or a previous attempt died between the send and its record: (re)send under the
      // same Message-ID, which mail clients use to show a duplicate once.
      const link = await deps.links.issue(request.campaignId, request.signatory.id, 'reminder', deps.settings.linkTtlMs);
      const url = `${deps.settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`;
      const email = renderReminderEmail(request, url);
      await deps.transport.sendMail({
        from: deps.settings.mailFrom,
        to,
        cc,
        subject: email.subject,
        text: email.text,
        messageId,
        headers: { 'X-CTG-Campaign': request.campaignId, 'X-CTG-Signatory': request.signatory.id },
      });
      const sentAt = await deps.outbox.markSent(request.campaignId, request.signatory.id, request.number);
      return { messageId, to, cc, sentAt };
    },
  };
}
