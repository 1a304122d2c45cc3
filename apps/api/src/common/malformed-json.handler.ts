import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './api-error';

/**
 * Runs right after the JSON parser: its refusal becomes our 400 naming the body (Nest would
 * otherwise pass on the parser's bare message).
 */
export function malformedJsonHandler(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') {
    return next(new ApiError(400, 'malformed JSON in the request body', [{ field: 'body', message: 'is not valid JSON' }]));
  }
  if (type === 'entity.too.large') return next(new ApiError(413, 'the request body is larger than 1 MiB'));
  next(error);
}
