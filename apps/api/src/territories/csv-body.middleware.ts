import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../common/api-error';

/** The same limit as the JSON bodies (create-api-app.ts): 1 MiB. */
const LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a `text/csv` (or `text/plain`) body, UTF-8, up to 1 MiB, into `req.body` as a string; JSON
 * bodies are left to the application's JSON parser.
 */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (!/^text\/(csv|plain)\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return next();
    const tooLarge = () => new ApiError(413, 'the request body is larger than 1 MiB');
    if (Number(req.headers['content-length'] ?? 0) > LIMIT_BYTES) {
      req.resume();
      return next(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > LIMIT_BYTES) {
        failed = true;
        next(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('error', (error) => {
      if (!failed) next(error);
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      try {
        req.body = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        return next(new ApiError(400, 'the CSV is not UTF-8 text: save it as "CSV UTF-8"', [{ field: 'body', message: 'must be UTF-8' }]));
      }
      next();
    });
  }
}
