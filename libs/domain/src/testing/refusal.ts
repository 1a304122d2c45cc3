import { DomainError } from '../field-error';

/** The domain's refusal of what `decide` asks; fails the test when it is not refused. */
export function refusal(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the decision was not refused');
}
