import { ApplicationFailure } from '@temporalio/workflow';
import { DOMAIN_FAILURE, DomainFailureDetails } from '../libs/contracts/src';
import { DomainError } from '../libs/domain/src';

/**
 * Runs a domain decision, turning its refusal into an ApplicationFailure: thrown by an update's
 * validator, it rejects the update without writing anything to history.
 */
export function refusedAsFailure<T>(decision: () => T): T {
  try {
    return decision();
  } catch (error) {
    if (error instanceof DomainError) throw domainFailure(error.message, { kind: error.kind, fields: error.fields });
    if (error instanceof TypeError) throw domainFailure(`malformed request: ${error.message}`, { kind: 'invalid', fields: [] });
    throw error;
  }
}

function domainFailure(message: string, details: DomainFailureDetails): ApplicationFailure {
  return ApplicationFailure.create({ type: DOMAIN_FAILURE, message, nonRetryable: true, details: [details] });
}
