import type { Transporter } from 'nodemailer';
import { PersonalLinkOutboxRepository, SignatoryLinkRepository } from '@ctg/persistence';
import type { PersonalLinkActivities, PersonalLinkReceipt, PersonalLinkRequest } from '@ctg/contracts';
import { renderForwardedLinkEmail, renderPersonalLinkEmail } from './personal-link-email';
import { personalLinkToken } from './personal-link-token';
import type { ReminderSettings } from './reminder.activities';
import { sendLinkMailOnce } from './link-mail-once';

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
      const mail = { messageId: personalLinkMessageId(request, deps.settings.messageIdDomain), refusalType: 'PersonalLinkRefused' };
      return sendLinkMailOnce(deps, request, mail, async () => {
        // The event's own link (the first attempt revokes the older ones, a retry nothing), so that
        // whichever copy a mail client shows under the same Message-ID holds the live link.
        const token = personalLinkToken(deps.settings.linkSecret, request);
        const link = await deps.links.issueForEvent(request.campaignId, request.signatory.id, token, request.issuedBy, request.expiresAt, request.delegate);
        const url = `${deps.settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`;
        return request.delegate ? renderForwardedLinkEmail(request, request.delegate, url) : renderPersonalLinkEmail(request, url);
      });
    },
  };
}
