import { isCalendarDay, isTimestampWithOffset } from './calendar-day';
import { durationMs } from './duration';
import { FieldError } from './field-error';
import { siretProblem } from './siret';
import { isCleanText, isStorableText } from './text';

export const SIGNATORY_KINDS = ['epci', 'commune', 'caf', 'departement', 'msa', 'other'] as const;
export type SignatoryKind = (typeof SIGNATORY_KINDS)[number];

export interface SignatoryDefinition {
  id: string;
  kind: SignatoryKind;
  name: string;
  email: string;
  required: boolean;
  /**
   * The body's SIRET (SIREN and the NIC of the establishment that deliberates): what the SCDL
   * open-data export names each body by (COLL_SIRET). Optional: a campaign runs without it.
   */
  siret?: string;
}

/** When reminders go out: offsets before the deadline, then a cadence once late, all ISO 8601. */
export interface ReminderPolicy {
  before: string[];
  overdueEvery: string;
  overdueMax: number;
  /** Reminder number (1-based) from which the administrators are copied. */
  escalateFrom: number;
  businessDaysOnly: boolean;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  before: ['P30D', 'P14D', 'P7D', 'P2D'],
  overdueEvery: 'P7D',
  overdueMax: 4,
  escalateFrom: 2,
  businessDaysOnly: true,
};

export interface Territory {
  name: string;
  siren?: string;
}

/** Everything a campaign is launched with; kept whole in the workflow input and the first event. */
export interface CampaignDefinition {
  id: string;
  title: string;
  territory: Territory;
  conferenceDate?: string;
  deliberationDeadline: string;
  signatories: SignatoryDefinition[];
  reminderPolicy: ReminderPolicy;
  /**
   * The campaign's administrators, copied on escalated reminders. Absent, the administrator who
   * launched the campaign is copied: never the administrators of other campaigns.
   */
  administrators?: string[];
}

export const MAX_SIGNATORIES = 2000;
export const MAX_CAMPAIGN_ADMINISTRATORS = 20;
const TEXT_300 = 'must be a text of 1 to 300 characters, without control characters';
/** Ids go into workflow ids and URLs: letters, digits, dash, underscore, dot; no path tricks. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value) && !value.includes('..');
}

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value) && isStorableText(value);
}

/** A URL-safe id from a title: `Convention — Terres du Lauragais` → `convention-terres-du-lauragais`. */
export function slugify(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

const FIXED_DURATION = 'must be an ISO 8601 duration in weeks, days, hours, minutes or seconds (P7D, PT2S)';

/** Months and years have no fixed length: a reminder offset must mean the same on every date. */
function isFixedDuration(value: unknown): boolean {
  return durationMs(value) !== undefined && !/^P[^T]*[YM]/.test(String(value));
}

export function validateReminderPolicy(policy: ReminderPolicy, prefix = 'reminderPolicy'): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(policy.before) || policy.before.length > 20) {
    errors.push({ field: `${prefix}.before`, message: 'must be a list of at most 20 ISO 8601 durations' });
  } else {
    policy.before.forEach((d, i) => {
      if (!isFixedDuration(d)) errors.push({ field: `${prefix}.before[${i}]`, message: FIXED_DURATION });
    });
  }
  if (!isFixedDuration(policy.overdueEvery) || (durationMs(policy.overdueEvery) ?? 0) < 1000) {
    errors.push({ field: `${prefix}.overdueEvery`, message: `${FIXED_DURATION}, of at least one second` });
  }
  if (!Number.isInteger(policy.overdueMax) || policy.overdueMax < 0 || policy.overdueMax > 52) {
    errors.push({ field: `${prefix}.overdueMax`, message: 'must be an integer from 0 to 52' });
  }
  if (!Number.isInteger(policy.escalateFrom) || policy.escalateFrom < 1) {
    errors.push({ field: `${prefix}.escalateFrom`, message: 'must be an integer of at least 1' });
  }
  if (typeof policy.businessDaysOnly !== 'boolean') {
    errors.push({ field: `${prefix}.businessDaysOnly`, message: 'must be true or false' });
  }
  return errors;
}

/** The rules a campaign definition must meet before anything is started or written. */
export function validateCampaignDefinition(def: CampaignDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!isValidId(def.id)) fail('id', 'must be 1 to 80 letters, digits, dots, dashes or underscores');
  if (!isCleanText(def.title, 300)) fail('title', TEXT_300);
  if (!def.territory || !isCleanText(def.territory.name, 300)) fail('territory.name', TEXT_300);
  if (def.territory?.siren !== undefined && !/^\d{9}$/.test(String(def.territory.siren))) {
    fail('territory.siren', 'must be 9 digits');
  }
  if (def.conferenceDate !== undefined && !isCalendarDay(def.conferenceDate)) {
    fail('conferenceDate', 'must be a calendar day (YYYY-MM-DD)');
  }
  if (!isTimestampWithOffset(def.deliberationDeadline)) {
    fail('deliberationDeadline', 'must be an ISO 8601 timestamp with offset, e.g. 2023-10-31T23:59:59+01:00');
  }
  errors.push(...validateSignatories(def.signatories));
  errors.push(...validateReminderPolicy(def.reminderPolicy));
  if (def.administrators !== undefined) errors.push(...validateAdministrators(def.administrators));
  return errors;
}

function validateAdministrators(administrators: string[]): FieldError[] {
  if (!Array.isArray(administrators) || administrators.length < 1 || administrators.length > MAX_CAMPAIGN_ADMINISTRATORS) {
    return [{ field: 'administrators', message: `must list 1 to ${MAX_CAMPAIGN_ADMINISTRATORS} e-mail addresses` }];
  }
  const seen = new Set<string>();
  return administrators.flatMap((email, i) => {
    if (!isEmail(email)) return [{ field: `administrators[${i}]`, message: 'must be an e-mail address' }];
    const key = email.toLowerCase();
    if (seen.has(key)) return [{ field: `administrators[${i}]`, message: `duplicates ${email}` }];
    seen.add(key);
    return [];
  });
}

function validateSignatories(signatories: SignatoryDefinition[]): FieldError[] {
  if (!Array.isArray(signatories) || signatories.length < 1 || signatories.length > MAX_SIGNATORIES) {
    return [{ field: 'signatories', message: `must list 1 to ${MAX_SIGNATORIES} signatories` }];
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  signatories.forEach((s, i) => {
    const at = `signatories[${i}]`;
    if (!isValidId(s.id)) errors.push({ field: `${at}.id`, message: 'must be 1 to 80 letters, digits, dots, dashes or underscores' });
    else if (seen.has(s.id)) errors.push({ field: `${at}.id`, message: `duplicates the signatory id ${s.id}` });
    seen.add(s.id);
    if (!(SIGNATORY_KINDS as readonly string[]).includes(s.kind)) {
      errors.push({ field: `${at}.kind`, message: `must be one of ${SIGNATORY_KINDS.join(', ')}` });
    }
    if (!isCleanText(s.name, 300)) errors.push({ field: `${at}.name`, message: TEXT_300 });
    if (!isEmail(s.email)) errors.push({ field: `${at}.email`, message: 'must be an e-mail address' });
    if (typeof s.required !== 'boolean') errors.push({ field: `${at}.required`, message: 'must be true or false' });
    const badSiret = s.siret === undefined ? undefined : siretProblem(s.siret);
    if (badSiret) errors.push({ field: `${at}.siret`, message: badSiret });
  });
  if (errors.length === 0 && !signatories.some((s) => s.required)) {
    errors.push({ field: 'signatories', message: 'at least one signatory must be required' });
  }
  return errors;
}
