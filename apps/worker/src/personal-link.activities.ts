import type { Transporter } from 'nodemailer';
import { PersonalLinkOutboxRepository, SignatoryLinkRepository } from '@ctg/persistence';
import type { PersonalLinkActivities, PersonalLinkReceipt, PersonalLinkRequest } from '@ctg/contracts';
import { renderPersonalLinkEmail } from './personal-link-email';
import { personalLinkToken } from './personal-link-token';
import type { ReminderSettings } from './reminder.activities';
import { deliver } from './smtp-delivery';

export interface PersonalLinkDependencies {
  outbox: PersonalLinkOutboxRepository;
  links: SignatoryLinkRepository;
  transport: Transporter;
  settings: Pick<ReminderSettings, 'publicUrl' | 'mailFrom' | 'messageIdDomain' | 'linkSecret'>;
}

/**
 * The Message-ID is derived from (campaign, signatory, event seq): a re-sent copy is the same
 * message. `+` is outside the ids' alphabet, so no two of them give the same Message-ID.
 */
export function personalLinkMessageId(request: Pick<PersonalLinkRequest, 'campaignId' | 'signatory' | 'seq'>, domain: string): string {
  return `<personal-link+${request.campaignId}+${request.signatory.id}+${request.seq}@${domain}>`;
}

export function createPersonalLinkActivities(deps: PersonalLinkDependencies): PersonalLinkActivities {
  return {
    async sendPersonalLink(request: PersonalLinkRequest): Promise<PersonalLinkReceipt> {
      const messageId = personalLinkMessageId(request, deps.settings.messageIdDomain);
      const to = [request.signatory.email];
      const claimed = await deps.outbox.claim({
        campaignId: request.campaignId,
        seq: request.seq,
        signatoryId: request.signatory.id,
        messageId,
        recipients: to,
      });
      if (claimed?.status === 'sent') {
        return { messageId, to: claimed.recipients, sentAt: claimed.sentAt ?? new Date().toISOString() };
      }
      // Not sent yet, or an earlier attempt failed after the SMTP server took a copy: the event's own
      // link (the first attempt revokes the older ones, a retry nothing) under the same Message-ID,
      // so whichever copy a mail client shows holds the live link.
      const token = personalLinkToken(deps.settings.linkSecret, request);
      const link = await deps.links.issueForEvent(request.campaignId, request.signatory.id, token, request.issuedBy, request.expiresAt);
      const url = `${deps.settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`;
      const email = renderPersonalLinkEmail(request, url);
      // A refusal for good (5xx) is not retried: it would hold up the signatory's next links.
      await deliver(
        deps.transport,
        {
          from: deps.settings.mailFrom,
          to,
          subject: email.subject,
          text: email.text,
          messageId,
          headers: { 'X-CTG-Campaign': request.campaignId, 'X-CTG-Signatory': request.signatory.id },
        },
        'PersonalLinkRefused',
      );
      const sentAt = await deps.outbox.markSent(request.campaignId, request.seq);
      return { messageId, to, sentAt };
    },
  };
}
