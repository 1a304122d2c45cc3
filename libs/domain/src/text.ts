/**
 * Control characters other than tab and line breaks: never part of a name, a number or a reason,
 * and NUL cannot even be stored by PostgreSQL.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * A UTF-16 surrogate without its other half: JSON may carry one (`"\ud800"`), but it is no
 * character, and PostgreSQL's `jsonb` refuses the whole event that holds it.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text that PostgreSQL's `text` and `jsonb` can hold as it is: well-formed Unicode, no NUL. */
export function isStorableText(value: string): boolean {
  return !LONE_SURROGATE.test(value) && !value.includes('\u0000');
}

/** Why a caller's text cannot be kept, or undefined when it can (the wording of a 400's `fields`). */
export function unstorableTextProblem(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  return undefined;
}

/** A text of 1 to `max` characters, not blank, without control characters, storable as it is. */
export function isCleanText(value: unknown, max: number): value is string {
  return (
    typeof value === 'string' &&
    value.trim().length > 0 &&
    value.length <= max &&
    !CONTROL_CHARACTERS.test(value) &&
    isStorableText(value)
  );
}

/**
 * A CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) is prefixed with a quote, which shows as text (OWASP CSV injection).
 */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
