import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ServiceError } from '@temporalio/client';
import { isTemporalTimeout, isTemporalUnavailable, isUpdateLostWithWorkflowTask } from './temporal-errors';

describe("Temporal's errors, as the API tells them apart", () => {
  it('takes an update that ran past its deadline for a timeout, although the SDK gives it no gRPC code', () => {
    const error = new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', { cause: Object.assign(new Error('deadline'), { code: 1 }) });
    expect(isTemporalTimeout(error)).toBe(true);
    expect(isTemporalUnavailable(error)).toBe(false);
  });

  it('tells a deadline from a server that is not there', () => {
    expect(isTemporalTimeout(Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 }))).toBe(true);
    expect(isTemporalUnavailable(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBe(true);
    expect(isTemporalTimeout(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBe(false);
  });

  it('knows an update lost with its workflow task (the workflow was completing as it arrived) from a refusal', () => {
    const lost = new ServiceError('Workflow Update failed', {
      cause: Object.assign(new Error('9 FAILED_PRECONDITION: Unable to perform workflow execution update due to unexpected workflow task failure.'), { code: 9 }),
    });
    expect(isUpdateLostWithWorkflowTask(lost)).toBe(true);
    expect(isUpdateLostWithWorkflowTask(Object.assign(new Error('9 FAILED_PRECONDITION: namespace is not active'), { code: 9 }))).toBe(false);
    expect(isUpdateLostWithWorkflowTask(new Error('update rejected'))).toBe(false);
  });

  it('takes neither for a refusal of the workflow', () => {
    expect(isTemporalTimeout(new Error('update rejected'))).toBe(false);
    expect(isTemporalUnavailable(new Error('update rejected'))).toBe(false);
  });
});
