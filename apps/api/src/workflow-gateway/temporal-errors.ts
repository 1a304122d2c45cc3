import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { DOMAIN_FAILURE } from '@ctg/contracts';
import { FieldError } from '@ctg/domain';
import { ApiError } from '../common/api-error';

/** gRPC status codes: the call ran out of time, or the server or connection is not there. */
const DEADLINE_EXCEEDED = 4;
const FAILED_PRECONDITION = 9;
const UNAVAILABLE = 14;

type GrpcLike = { code?: number; cause?: { code?: number }; name?: string; message?: string };
const codeOf = (error: unknown) => (error as GrpcLike)?.code ?? (error as GrpcLike)?.cause?.code;
const textOf = (error: unknown) => `${(error as GrpcLike)?.name} ${(error as GrpcLike)?.message}`;

/** The deadline passed: on a plain call a gRPC DEADLINE_EXCEEDED; on an update, the SDK's own error, which carries no code. */
export function isTemporalTimeout(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    codeOf(error) === DEADLINE_EXCEEDED ||
    /DEADLINE_EXCEEDED|Deadline exceeded/i.test(textOf(error))
  );
}

/**
 * The workflow task that held the update failed before accepting it, typically because the
 * workflow tried to complete or continue as new while new events arrived (UnhandledCommand): a
 * fresh task follows at once, and the same update sent again gets the workflow's real answer.
 */
export function isUpdateLostWithWorkflowTask(error: unknown): boolean {
  return codeOf(error) === FAILED_PRECONDITION && /workflow task failure/i.test(`${textOf(error)} ${textOf((error as GrpcLike)?.cause)}`);
}

export function isTemporalUnavailable(error: unknown): boolean {
  return codeOf(error) === UNAVAILABLE || /UNAVAILABLE|ECONNREFUSED|Failed to connect/i.test(textOf(error));
}

export function isWorkflowNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || (error as { code?: number })?.code === 5;
}

/** The domain's refusal, carried back from the workflow's update validator. */
export function domainRefusal(error: unknown): ApiError | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== DOMAIN_FAILURE) return undefined;
  const detail = (cause.details?.[0] ?? {}) as { kind?: string; fields?: FieldError[] };
  if (detail.kind === 'not_found') return ApiError.notFound(cause.message);
  if (detail.kind === 'conflict') return ApiError.conflict(cause.message);
  return ApiError.invalid(detail.fields ?? [], cause.message);
}
