import type { Transporter } from 'nodemailer';
import { ReminderOutboxRepository, SignatoryLinkRepository, AdministratorRepository } from '../../../libs/persistence/src';
import { REMINDER_REFUSED, ReminderActivities, ReminderReceipt, ReminderRequest } from '../../../workflows/activity-contracts';
import { renderReminderEmail } from './reminder-email';
import { reminderMessageId } from './reminder-message-id';
import { deliver } from './smtp-delivery';

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

export function createReminderActivities(deps: ReminderDependencies): ReminderActivities {
  return {
    async sendReminder(request: ReminderRequest): Promise<ReminderReceipt> {
      const key = { campaignId: request.campaignId, signatoryId: request.signatory.id, number: request.number };
      const to = [request.signatory.email];
      const cc = request.escalated ? await deps.administrators.forCampaign(request.campaignId) : [];
      const claimed = await deps.outbox.claim({ ...key, messageId: reminderMessageId(key, deps.settings.messageIdDomain), recipients: to, copies: cc });
      // A row claimed before the Message-ID format changed keeps the one it was first sent under.
      const messageId = claimed?.messageId ?? reminderMessageId(key, deps.settings.messageIdDomain);
      if (claimed?.status === 'sent') {
        return { messageId, to: claimed.recipients, cc: claimed.copies, sentAt: claimed.sentAt ?? new Date().toISOString() };
      }
      // Not sent yet, or a previous attempt died between the send and its record: (re)send under the
      // Message-ID first claimed, which mail clients use to show a duplicate once.
      const link = await deps.links.issueAlongside(request.campaignId, request.signatory.id, 'reminder', deps.settings.linkTtlMs);
      const url = `${deps.settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`;
      const email = renderReminderEmail(request, url);
      await deliver(
        deps.transport,
        {
          from: deps.settings.mailFrom,
          to,
          cc,
          subject: email.subject,
          text: email.text,
          messageId,
          headers: { 'X-CTG-Campaign': request.campaignId, 'X-CTG-Signatory': request.signatory.id },
        },
        REMINDER_REFUSED,
      );
      const sentAt = await deps.outbox.markSent(request.campaignId, request.signatory.id, request.number);
      return { messageId, to, cc, sentAt };
    },
  };
}
