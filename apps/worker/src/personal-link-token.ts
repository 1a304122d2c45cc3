import { createHmac } from 'node:crypto';
/**
 * The token of the link one `PersonalLinkSent` event hands out: an HMAC-SHA256, under the worker's
 * LINK_SECRET, of the event (campaign, signatory, seq, and the expiry it recorded).
 *
 * Derived rather than drawn at random because a retried e-mail (the SMTP server took a copy, the
 * attempt failed before recording it) must carry the very link of the first copy, which mail
 * clients show in its place under the same Message-ID, while the database keeps only hashes.
 * Keeping the plain token in the outbox until the e-mail is sent would leave it readable in the
 * database for as long as an SMTP outage lasts; this one exists in plain only in the memory of an
 * attempt. The expiry, to the millisecond, keeps a campaign id used again after a purge from
 * deriving its predecessor's tokens.
 */
export function personalLinkToken(secret: string, request: { campaignId: string; signatory: { id: string }; seq: number; expiresAt: string }): string {
  // A JSON array keeps the parts apart whatever characters they hold.
  const event = JSON.stringify(['personal-link', request.campaignId, request.signatory.id, request.seq, request.expiresAt]);
  return `sl_${createHmac('sha256', secret).update(event).digest('base64url')}`;
}
