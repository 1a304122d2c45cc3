/**
 * Control characters other than tab and line breaks: never part of a name, a number or a reason,
 * and NUL cannot even be stored by PostgreSQL.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A text of 1 to `max` characters, not blank, without control characters. */
export function isCleanText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max && !CONTROL_CHARACTERS.test(value);
}

/**
 * A CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) is prefixed with a quote, which shows as text (OWASP CSV injection).
 */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
