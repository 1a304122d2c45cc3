import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { PersonalLinkOutboxRepository, SignatoryLinkRepository, SignatureCodeRepository } from '@ctg/persistence';
import type { PersonalLinkReceipt, SignatureMailActivities, SignatureMailRequest } from '@ctg/contracts';
import { MailContent } from './mail-wording';
import type { ReminderSettings } from './reminder.activities';
import { renderSignatureCodeEmail, renderSignatureLinkEmail } from './signature-mail-email';
import { sendLinkMailOnce } from './link-mail-once';

export interface SignatureMailDependencies {
  outbox: PersonalLinkOutboxRepository;
  links: SignatoryLinkRepository;
  codes: SignatureCodeRepository;
  transport: Transporter;
  settings: Pick<ReminderSettings, 'publicUrl' | 'mailFrom' | 'messageIdDomain' | 'linkSecret'>;
}

/**
 * An HMAC of the event under LINK_SECRET, as for personal links: a retried e-mail carries the same
 * link or code under the same Message-ID, while the database keeps only hashes of them.
 */
function eventMac(secret: string, request: SignatureMailRequest): Buffer {
  const event = JSON.stringify([request.purpose, request.campaignId, request.signatory.id, request.seq, request.expiresAt]);
  return createHmac('sha256', secret).update(event).digest();
}

export function signatureLinkToken(secret: string, request: SignatureMailRequest): string {
  return `sg_${eventMac(secret, request).toString('base64url')}`;
}

/** Six digits; the HMAC's first 48 bits leave a bias below 10⁻⁸ on the modulo. */
export function signatureCode(secret: string, request: SignatureMailRequest): string {
  return String(eventMac(secret, request).readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
}

export function signatureMailMessageId(request: Pick<SignatureMailRequest, 'purpose' | 'campaignId' | 'signatory' | 'seq'>, domain: string): string {
  const kind = request.purpose === 'signature_link' ? 'signature-link' : 'signature-code';
  return `<${kind}+${request.campaignId}+${request.signatory.id}+${request.seq}@${domain}>`;
}

export function createSignatureMailActivities(deps: SignatureMailDependencies): SignatureMailActivities {
  /** Issues the event's link, or keeps its code's hash, and writes the e-mail that carries it. */
  async function prepare(request: SignatureMailRequest): Promise<MailContent> {
    if (request.purpose === 'signature_link') {
      const link = await deps.links.issueForEvent(request.campaignId, request.signatory.id, signatureLinkToken(deps.settings.linkSecret, request), request.issuedBy, request.expiresAt);
      return renderSignatureLinkEmail(request, `${deps.settings.publicUrl}/signature?token=${encodeURIComponent(link.token)}`);
    }
    const code = signatureCode(deps.settings.linkSecret, request);
    await deps.codes.store({ campaignId: request.campaignId, seq: request.seq, signatoryId: request.signatory.id, code, expiresAt: request.expiresAt });
    return renderSignatureCodeEmail(request, code);
  }

  return {
    async sendSignatureMail(request: SignatureMailRequest): Promise<PersonalLinkReceipt> {
      const mail = { messageId: signatureMailMessageId(request, deps.settings.messageIdDomain), refusalType: 'SignatureMailRefused' };
      return sendLinkMailOnce(deps, request, mail, () => prepare(request));
    },
  };
}
