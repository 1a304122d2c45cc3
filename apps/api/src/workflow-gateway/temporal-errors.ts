import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DOMAIN_FAILURE } from '../../../../libs/temporal/src';
import { FieldError } from '../../../../libs/domain/src';
import { ApiError } from '../common/api-error';

/** gRPC codes of a Temporal server or connection that is not there. */
const UNAVAILABLE_CODES = new Set([4, 14]);

export function isTemporalUnavailable(error: unknown): boolean {
  const e = error as { code?: number; cause?: { code?: number }; name?: string; message?: string };
  return (
    UNAVAILABLE_CODES.has(e?.code ?? -1) ||
    UNAVAILABLE_CODES.has(e?.cause?.code ?? -1) ||
    /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|Failed to connect/i.test(`${e?.name} ${e?.message}`)
  );
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
