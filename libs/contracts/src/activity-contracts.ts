import type { CampaignEvent } from '../../domain/src';

/** Side effects the workflows ask of the worker; implemented in apps/worker. */
export interface RecordActivities {
  /** Appends events to the legal record and projects them, idempotently by (campaign, seq). */
  appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void>;
}

export interface ReminderRequest {
  campaignId: string;
  campaignTitle: string;
  signatory: { id: string; name: string; kind: string; email: string };
  number: number;
  escalated: boolean;
  overdue: boolean;
  deliberationDeadline: string;
}

export interface SentReminder {
  skipped?: undefined;
  messageId: string;
  /** The secretary's address, which alone receives the link. */
  to: string[];
  /** The administrators told of an escalated reminder, by a message of their own without the link. */
  cc: string[];
  sentAt: string;
}

/** Nothing was sent: by the attempt, the body had decided or the campaign was signed or cancelled. */
export interface SkippedReminder {
  skipped: true;
  reason: 'decided' | 'closed';
}

export type ReminderReceipt = SentReminder | SkippedReminder;

export interface ReminderActivities {
  /**
   * Sends one reminder e-mail at most once for (campaign, signatory, number), whatever the retries,
   * and, when escalated, the administrators' message once too. Each attempt first reads the record:
   * a body that no longer awaits a decision gets nothing, and the receipt says it was skipped.
   * A permanent refusal of the SMTP server (5xx) fails it at once, with REMINDER_REFUSED.
   */
  sendReminder(request: ReminderRequest): Promise<ReminderReceipt>;
}

/** Type of the non-retryable ApplicationFailure of a reminder the SMTP server refused for good. */
export const REMINDER_REFUSED = 'ReminderRefused';

/** The e-mail of a personal link, as the campaign recorded it in its `PersonalLinkSent` event. */
export interface PersonalLinkRequest {
  campaignId: string;
  campaignTitle: string;
  signatory: { id: string; name: string; kind: string; email: string };
  /** Seq of the `PersonalLinkSent` event: with the campaign and signatory, it names the e-mail. */
  seq: number;
  expiresAt: string;
  deliberationDeadline: string;
  /** The administrator who asked for it, recorded as the link's issuer. */
  issuedBy: string;
  /** A link forwarded by the body's secretary: the person it goes to, instead of the body's address, and who holds it. */
  delegate?: { name: string; email: string };
}

export interface PersonalLinkReceipt {
  messageId: string;
  to: string[];
  sentAt: string;
}

export interface PersonalLinkActivities {
  /**
   * Issues the event's link (revoking the older ones) and e-mails it, at most once per event
   * whatever the retries; a copy sent again carries the same link and revokes nothing.
   */
  sendPersonalLink(request: PersonalLinkRequest): Promise<PersonalLinkReceipt>;
}

/**
 * The e-mail of a signature link (`SignatureLinkSent`) or of a code to sign with
 * (`SignatureCodeSent`), as the campaign recorded it: the link is issued, or the code drawn and
 * its hash kept, by the activity, never in the workflow's history.
 */
export interface SignatureMailRequest extends PersonalLinkRequest {
  purpose: 'signature_link' | 'signature_code';
  convention: { version: number; name: string; sha256: string };
  /** The number of the signature reminder a link carries, when the engine sent it. */
  reminder?: number;
}

export interface SignatureMailActivities {
  /** At most once per event whatever the retries, under a Message-ID derived from it; a 5xx refusal ends it at once. */
  sendSignatureMail(request: SignatureMailRequest): Promise<PersonalLinkReceipt>;
}
