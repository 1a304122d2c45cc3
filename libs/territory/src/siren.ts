import { hasLuhnKey } from '@ctg/domain';

/** A SIREN is 9 digits whose Luhn checksum is valid (every EPCI's and commune's is). */
export function isSiren(value: unknown): value is string {
  return typeof value === 'string' && /^\d{9}$/.test(value) && hasLuhnKey(value);
}

/** Why a text is not a SIREN, for a message that helps: `null` when it is one. */
export function sirenProblem(value: string): string | null {
  if (!/^\d{9}$/.test(value)) return 'must be 9 digits (e.g. 200071298)';
  if (!isSiren(value)) return 'is not a valid SIREN (wrong check digit)';
  return null;
}

/** An INSEE commune code: 5 characters, the department first (`31582`, `2A004`, `97411`). */
export function isInseeCode(value: unknown): value is string {
  return typeof value === 'string' && /^(\d{2}|2A|2B)\d{3}$/.test(value);
}
