import type { CampaignEvent } from './campaign-events';
import { invalid } from './field-error';

/** What the campaign's administrators are told of, each of which they may take or leave. */
export const NOTIFICATION_KINDS = [
  'body_rejected',
  'campaign_blocked',
  'campaign_unblocked',
  'ready_to_sign',
  'deadline_passed',
  'act_uploaded',
  'link_forwarded',
  'reminder_refused',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What an administrator may receive, the notifications and the weekly digest. */
export const PREFERENCE_KINDS = [...NOTIFICATION_KINDS, 'weekly_digest'] as const;
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

export interface Preference {
  email: boolean;
  inApp: boolean;
}

/**
 * Until an administrator chooses: everything in the web interface, and by e-mail what needs
 * someone to act. An act uploaded or a link forwarded comes once per body (58 communes), so it is
 * not e-mailed unless asked for. The digest has no place in the web interface.
 */
export const DEFAULT_PREFERENCES: Readonly<Record<PreferenceKind, Preference>> = {
  body_rejected: { email: true, inApp: true },
  campaign_blocked: { email: true, inApp: true },
  campaign_unblocked: { email: true, inApp: true },
  ready_to_sign: { email: true, inApp: true },
  deadline_passed: { email: true, inApp: true },
  act_uploaded: { email: false, inApp: true },
  link_forwarded: { email: false, inApp: true },
  reminder_refused: { email: true, inApp: true },
  weekly_digest: { email: true, inApp: false },
};

/** The campaign as it stands around a batch of events: what the notifications of a change compare. */
export interface CampaignStanding {
  phase: string;
  blocked: boolean;
  /** Required bodies that have not adopted. */
  requiredPending: number;
  /** Bodies with no final decision (neither adopted nor rejected). */
  undecided: number;
}

/** A fact worth telling, at the event that made it so. */
export interface NotableFact {
  kind: NotificationKind;
  seq: number;
  occurredAt: string;
  signatoryId?: string;
  /** What the message says besides the campaign and the body: the bodies missing at the deadline. */
  detail?: Record<string, unknown>;
}

const readyToSign = (s: CampaignStanding | undefined): boolean =>
  s !== undefined && s.phase === 'awaiting_signature' && !s.blocked && s.requiredPending === 0;

/**
 * The notable facts of a batch of events appended together. Facts of one event come from the event;
 * facts of a change of the campaign (blocked, unblocked, ready to sign) from its standing before and
 * after the batch (undefined when the batch could not change it), told at the batch's last event.
 */
export function notableFacts(events: readonly CampaignEvent[], before: CampaignStanding | undefined, after: CampaignStanding | undefined): NotableFact[] {
  const facts: NotableFact[] = [];
  const at = (event: CampaignEvent, kind: NotificationKind, signatoryId?: string, detail?: Record<string, unknown>) =>
    facts.push({ kind, seq: event.seq, occurredAt: event.occurredAt, ...(signatoryId ? { signatoryId } : {}), ...(detail ? { detail } : {}) });
  for (const event of events) {
    switch (event.type) {
      case 'DeliberationRecorded':
      case 'DeliberationCorrected':
        if (event.data.deliberation.decision === 'rejected') at(event, 'body_rejected', event.data.signatoryId);
        break;
      case 'DeadlinePassed':
        if (after && after.undecided > 0) at(event, 'deadline_passed', undefined, { undecided: after.undecided });
        break;
      case 'DeliberationActAttached':
        if (event.actor.kind === 'secretary') at(event, 'act_uploaded', event.data.signatoryId);
        break;
      case 'PersonalLinkForwarded':
        at(event, 'link_forwarded', event.data.signatoryId, { delegate: event.data.delegate.name });
        break;
      case 'ReminderRefused':
        at(event, 'reminder_refused', event.data.signatoryId, { to: event.data.to, reason: event.data.reason });
        break;
      default:
        break;
    }
  }
  const last = events[events.length - 1];
  if (last && before && after) {
    if (!before.blocked && after.blocked) at(last, 'campaign_blocked');
    if (before.blocked && !after.blocked && after.phase !== 'cancelled') at(last, 'campaign_unblocked');
  }
  if (last && !readyToSign(before) && readyToSign(after)) at(last, 'ready_to_sign');
  return facts;
}

/** An administrator's choices as sent: every kind named is known, and says yes or no to each way. */
export function parsePreferences(input: unknown): Partial<Record<PreferenceKind, Preference>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid([{ field: 'preferences', message: 'must be an object of kinds, each {email, inApp}' }]);
  }
  const parsed: Partial<Record<PreferenceKind, Preference>> = {};
  for (const [kind, value] of Object.entries(input)) {
    if (!(PREFERENCE_KINDS as readonly string[]).includes(kind)) {
      throw invalid([{ field: `preferences.${kind.slice(0, 60)}`, message: `is not a kind of notification (${PREFERENCE_KINDS.join(', ')})` }]);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid([{ field: `preferences.${kind}`, message: 'must be {email, inApp}' }]);
    const extra = Object.keys(value).find((k) => k !== 'email' && k !== 'inApp');
    if (extra !== undefined) throw invalid([{ field: `preferences.${kind}.${extra.slice(0, 60)}`, message: 'is not a setting (email, inApp)' }]);
    const { email, inApp } = value as Record<string, unknown>;
    if (typeof email !== 'boolean') throw invalid([{ field: `preferences.${kind}.email`, message: 'must be true or false' }]);
    if (typeof inApp !== 'boolean') throw invalid([{ field: `preferences.${kind}.inApp`, message: 'must be true or false' }]);
    if (kind === 'weekly_digest' && inApp) throw invalid([{ field: `preferences.${kind}.inApp`, message: 'the weekly digest comes by e-mail only' }]);
    parsed[kind as PreferenceKind] = { email, inApp };
  }
  return parsed;
}
