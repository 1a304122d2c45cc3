/** A rule broken by one input field; the API turns a list of these into `fields` of a 4xx answer. */
export interface FieldError {
  field: string;
  message: string;
}

export type DomainErrorKind = 'invalid' | 'conflict' | 'not_found';

/**
 * A refusal by the domain rules. The workflow's update validators throw it (so nothing is written
 * to history) and the API maps `kind` to 422, 409 or 404.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function invalid(fields: FieldError[]): DomainError {
  return new DomainError('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}
