import type { DomainErrorKind, FieldError } from '../../domain/src';

/** The failure type of a refused update, which the API reads back to choose 404, 409 or 422. */
export const DOMAIN_FAILURE = 'DomainError';

/** The details of a DOMAIN_FAILURE: what kind of refusal, and the fields it names. */
export interface DomainFailureDetails {
  kind: DomainErrorKind;
  fields: FieldError[];
}
