import { dayInParis, isCalendarDay, isTimestampWithOffset } from './calendar-day';
import type { CampaignState, SignatoryState } from './campaign-state';
import { FieldError } from './field-error';
import { isStorableText } from './text';

/**
 * The contrôle de légalité of a deliberation: its transmission to the prefecture through @ctes
 * (CGCT L2131-2), the act's identifier there, the prefecture's acknowledgment, and the day the act
 * became executory (L2131-1: once published and transmitted).
 */
export interface LegalFollowUp {
  transmittedOn?: string;
  actesId?: string;
  acknowledgedAt?: string;
  executoryOn?: string;
}

export const LEGAL_FOLLOW_UP_FIELDS = ['transmittedOn', 'actesId', 'acknowledgedAt', 'executoryOn'] as const;
export type LegalFollowUpField = (typeof LEGAL_FOLLOW_UP_FIELDS)[number];

/** A request: a value records the field, `null` clears it, an absent field keeps what was recorded. */
export type LegalFollowUpInput = { [K in LegalFollowUpField]?: string | null };

export const MAX_ACTES_ID_LENGTH = 100;

/** Field by field checks of a request, before it is merged with what was recorded. */
export function checkLegalFollowUpInput(input: LegalFollowUpInput): FieldError[] {
  const errors: FieldError[] = [];
  const given = (field: LegalFollowUpField) => input[field] !== undefined && input[field] !== null;
  for (const field of ['transmittedOn', 'executoryOn'] as const) {
    if (given(field) && !isCalendarDay(input[field])) errors.push({ field, message: 'must be a calendar day (YYYY-MM-DD)' });
  }
  if (given('acknowledgedAt') && !isTimestampWithOffset(input.acknowledgedAt)) {
    errors.push({ field: 'acknowledgedAt', message: 'must be an ISO 8601 timestamp with offset' });
  }
  if (given('actesId')) {
    const id = input.actesId;
    if (typeof id !== 'string' || !id.trim() || id.length > MAX_ACTES_ID_LENGTH || /[\u0000-\u001f]/.test(id) || !isStorableText(id)) {
      errors.push({ field: 'actesId', message: `must be a text of 1 to ${MAX_ACTES_ID_LENGTH} characters` });
    }
  }
  return errors;
}

/** What is recorded once the request is applied, in a fixed field order, without empty fields. */
export function mergeLegalFollowUp(current: LegalFollowUp | undefined, input: LegalFollowUpInput): LegalFollowUp {
  const merged: LegalFollowUp = {};
  for (const field of LEGAL_FOLLOW_UP_FIELDS) {
    const value = input[field] === undefined ? current?.[field] : input[field];
    if (value !== undefined && value !== null) merged[field] = value;
  }
  return merged;
}

export function sameLegalFollowUp(a: LegalFollowUp | undefined, b: LegalFollowUp | undefined): boolean {
  return LEGAL_FOLLOW_UP_FIELDS.every((field) => (a?.[field] ?? null) === (b?.[field] ?? null));
}

/**
 * The order of the facts: an act is transmitted after its session, acknowledged after its
 * transmission, executory once transmitted; none of them is in the future.
 */
export function validateLegalFollowUp(
  f: LegalFollowUp,
  context: { sessionDate: string; nowMs: number },
): FieldError[] {
  const errors: FieldError[] = [];
  const today = dayInParis(context.nowMs);
  if (f.transmittedOn !== undefined) {
    if (f.transmittedOn < context.sessionDate) {
      errors.push({ field: 'transmittedOn', message: `must not be before the session of the deliberation (${context.sessionDate})` });
    } else if (f.transmittedOn > today) {
      errors.push({ field: 'transmittedOn', message: 'must not be in the future' });
    }
  }
  if (f.acknowledgedAt !== undefined) {
    const at = Date.parse(f.acknowledgedAt);
    if (f.transmittedOn === undefined) {
      errors.push({ field: 'acknowledgedAt', message: 'needs transmittedOn: an acknowledgment follows a transmission' });
    } else if (dayInParis(at) < f.transmittedOn) {
      errors.push({ field: 'acknowledgedAt', message: `must not be before the transmission (${f.transmittedOn})` });
    } else if (at > context.nowMs) {
      errors.push({ field: 'acknowledgedAt', message: 'must not be in the future' });
    }
  }
  if (f.executoryOn !== undefined) {
    if (f.transmittedOn === undefined) {
      errors.push({ field: 'executoryOn', message: 'needs transmittedOn: an act is executory once transmitted (L2131-1)' });
    } else if (f.executoryOn < f.transmittedOn) {
      errors.push({ field: 'executoryOn', message: `must not be before the transmission (${f.transmittedOn})` });
    } else if (f.executoryOn > today) {
      errors.push({ field: 'executoryOn', message: 'must not be in the future' });
    }
  }
  return errors;
}

/** A complete follow-up: the transmission, the prefecture's acknowledgment, the executory day (the @ctes id is optional). */
export const LEGAL_FOLLOW_UP_REQUIRED: readonly LegalFollowUpField[] = ['transmittedOn', 'acknowledgedAt', 'executoryOn'];

/** An adopted deliberation whose follow-up lacks one of the `required` facts. */
export function isLegalFollowUpMissing(
  s: Pick<SignatoryState, 'deliberation' | 'legalFollowUp'>,
  required: readonly LegalFollowUpField[] = LEGAL_FOLLOW_UP_REQUIRED,
): boolean {
  return s.deliberation?.decision === 'adopted' && required.some((field) => !s.legalFollowUp?.[field]);
}

export function legalFollowUpMissing(state: CampaignState, required: readonly LegalFollowUpField[] = LEGAL_FOLLOW_UP_REQUIRED): string[] {
  return Object.values(state.signatories)
    .filter((s) => isLegalFollowUpMissing(s, required))
    .map((s) => s.id);
}
