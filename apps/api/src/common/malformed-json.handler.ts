import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './api-error';

/**
 * Runs right after the JSON parser: its refusal (malformed JSON, a body that does not inflate)
 * becomes our 400 naming the body (Nest would otherwise pass on the parser's bare message).
 */
export function malformedJsonHandler(error: unknown, req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') {
    return next(new ApiError(400, 'malformed JSON in the request body', [{ field: 'body', message: 'is not valid JSON' }]));
  }
  if (type === 'entity.too.large') return next(new ApiError(413, 'the request body is larger than 1 MiB'));
  // A body that does not inflate as its Content-Encoding says (zlib's or Brotli's refusal, untyped by the parser).
  const code = (error as { code?: string })?.code;
  if (type === undefined && typeof code === 'string' && /^(Z_|ERR__ERROR_FORMAT|ERR_BROTLI)/.test(code)) {
    const encoding = req.headers['content-encoding'] ?? 'its encoding';
    return next(new ApiError(400, `the request body is not valid ${encoding} data`, [{ field: 'body', message: `does not decode as Content-Encoding ${encoding} says` }]));
  }
  next(error);
}
