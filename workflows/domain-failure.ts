import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../libs/domain/src';

/** The failure type the API reads back to choose 404, 409 or 422. */
export const DOMAIN_FAILURE = 'DomainError';

/**
 * Runs a domain decision, turning its refusal into an ApplicationFailure: thrown by an update's
 * validator, it rejects the update without writing anything to history.
 */
export function decide<T>(decision: () => T): T {
  try {
    return decision();
  } catch (error) {
    if (error instanceof DomainError) {
      throw ApplicationFailure.create({
        type: DOMAIN_FAILURE,
        message: error.message,
        nonRetryable: true,
        details: [{ kind: error.kind, fields: error.fields }],
      });
    }
    if (error instanceof TypeError) {
      throw ApplicationFailure.create({
        type: DOMAIN_FAILURE,
        message: `malformed request: ${error.message}`,
        nonRetryable: true,
        details: [{ kind: 'invalid', fields: [] }],
      });
    }
    throw error;
  }
}
