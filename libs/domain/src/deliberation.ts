import { isCalendarDay } from './calendar-day';
import { FieldError } from './field-error';
import { isCleanText } from './text';

export const DECISIONS = ['adopted', 'rejected', 'adjourned'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A final decision closes the deliberation; `adjourned` keeps it open for a later session. */
export function isFinal(decision: Decision | undefined): decision is 'adopted' | 'rejected' {
  return decision === 'adopted' || decision === 'rejected';
}

export const MAX_COUNT = 500;
export const MAX_NUMBER_LENGTH = 50;

/** A signatory's vote as its assembly recorded it (CGCT L2121-17, L2121-20). */
export interface Deliberation {
  sessionDate: string;
  decision: Decision;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  number?: string;
  documentSha256?: string;
  tieBrokenByChair?: boolean;
  membersInOffice?: number;
  membersPresent?: number;
  proxies?: number;
  reconvened?: boolean;
}

const COUNT_FIELDS = ['votesFor', 'votesAgainst', 'abstentions'] as const;
const ATTENDANCE_FIELDS = ['membersInOffice', 'membersPresent', 'proxies'] as const;

export interface DeliberationContext {
  /** The day the mayors' conference was held: no session may come before it. */
  conferenceDay?: string;
  /** Today, in Paris: no session may be in the future. */
  today: string;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT;
}

/**
 * Every rule of a deliberation record, one message per broken field. Shared by the API's DTO
 * check and the campaign workflow's update validator, so the rule exists once.
 */
export function validateDeliberation(input: Deliberation, context: DeliberationContext): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  if (!isCalendarDay(input.sessionDate)) {
    fail('sessionDate', 'must be a calendar day (YYYY-MM-DD)');
  } else if (context.conferenceDay && input.sessionDate < context.conferenceDay) {
    fail('sessionDate', `must not be before the mayors' conference (${context.conferenceDay})`);
  } else if (input.sessionDate > context.today) {
    fail('sessionDate', 'must not be in the future');
  }
  if (!(DECISIONS as readonly string[]).includes(input.decision)) {
    fail('decision', `must be one of ${DECISIONS.join(', ')}`);
  }
  for (const field of COUNT_FIELDS) {
    if (!isCount(input[field])) fail(field, `must be an integer from 0 to ${MAX_COUNT}`);
  }
  for (const field of ATTENDANCE_FIELDS) {
    if (input[field] !== undefined && !isCount(input[field])) {
      fail(field, `must be an integer from 0 to ${MAX_COUNT}`);
    }
  }
  if (input.number !== undefined && !isCleanText(input.number, MAX_NUMBER_LENGTH)) {
    fail('number', `must be a text of 1 to ${MAX_NUMBER_LENGTH} characters, without control characters`);
  }
  if (input.documentSha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(input.documentSha256))) {
    fail('documentSha256', 'must be 64 hexadecimal characters (SHA-256)');
  }
  for (const flag of ['tieBrokenByChair', 'reconvened'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') fail(flag, 'must be true or false');
  }
  if (errors.length > 0) return errors;

  errors.push(...majorityErrors(input), ...attendanceErrors(input));
  return errors;
}

/** The decision follows the majority of votes cast; abstentions are not votes cast (L2121-20). */
function majorityErrors(d: Deliberation): FieldError[] {
  const tie = d.votesFor === d.votesAgainst;
  if (d.decision === 'adopted' && !(d.votesFor > d.votesAgainst || (tie && d.tieBrokenByChair === true))) {
    return [
      {
        field: 'decision',
        message: tie
          ? 'adopted on a tie needs the chair\'s casting vote (tieBrokenByChair: true)'
          : 'adopted needs more votes for than against',
      },
    ];
  }
  if (d.decision === 'rejected' && !(d.votesFor < d.votesAgainst || (tie && d.tieBrokenByChair !== true))) {
    return [
      {
        field: 'decision',
        message: tie
          ? 'a tie broken by the chair\'s casting vote is adopted, not rejected'
          : 'rejected needs fewer votes for than against',
      },
    ];
  }
  return [];
}

/**
 * Attendance rules, checked with whichever attendance fields are given (L2121-17, L2121-20): no
 * more present than in office, the quorum, one proxy per member present and per member absent, and
 * never more ballots than the assembly has voices.
 */
function attendanceErrors(d: Deliberation): FieldError[] {
  const errors: FieldError[] = [];
  const { membersInOffice, membersPresent, proxies } = d;
  const ballots = d.votesFor + d.votesAgainst + d.abstentions;
  if (membersInOffice !== undefined && membersPresent !== undefined) {
    if (membersPresent > membersInOffice) {
      errors.push({ field: 'membersPresent', message: 'must not exceed membersInOffice' });
    } else if (!d.reconvened && membersPresent * 2 <= membersInOffice && d.decision !== 'adjourned') {
      errors.push({
        field: 'membersPresent',
        message: 'quorum not reached: more than half of the members in office must be present, unless reconvened',
      });
    }
  }
  if (proxies !== undefined) {
    if (membersPresent !== undefined && proxies > membersPresent) {
      errors.push({ field: 'proxies', message: 'must not exceed membersPresent (a member present holds one proxy at most)' });
    } else if (membersInOffice !== undefined && membersPresent !== undefined && membersPresent <= membersInOffice && proxies > membersInOffice - membersPresent) {
      errors.push({ field: 'proxies', message: 'must not exceed the members absent (membersInOffice - membersPresent): only an absent member gives a proxy' });
    }
  }
  if (membersPresent !== undefined && ballots > membersPresent + (proxies ?? 0)) {
    errors.push({ field: 'votesFor', message: 'votes for + against + abstentions exceed members present + proxies' });
  } else if (membersInOffice !== undefined && ballots > membersInOffice) {
    errors.push({ field: 'votesFor', message: 'votes for + against + abstentions exceed membersInOffice' });
  }
  return errors;
}

/** The fields of a deliberation in a fixed order, without absent ones: equal bodies compare equal. */
export function canonicalDeliberation(d: Deliberation): Deliberation {
  const keys: (keyof Deliberation)[] = [
    'sessionDate', 'decision', 'votesFor', 'votesAgainst', 'abstentions', 'number', 'documentSha256',
    'tieBrokenByChair', 'membersInOffice', 'membersPresent', 'proxies', 'reconvened',
  ];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (d[key] !== undefined && d[key] !== null) out[key] = key === 'documentSha256' ? String(d[key]).toLowerCase() : d[key];
  }
  return out as unknown as Deliberation;
}

export function sameDeliberation(a: Deliberation, b: Deliberation): boolean {
  return JSON.stringify(canonicalDeliberation(a)) === JSON.stringify(canonicalDeliberation(b));
}
