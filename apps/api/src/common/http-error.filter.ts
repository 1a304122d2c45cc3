import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { isTransientDatabaseFailure } from '@ctg/persistence';

/** Which path parameter of `/campaigns/:id/signatories/:sid/…` holds an escape that does not decode. */
function undecodableParam(path: string): string {
  const segments = path.split('/').slice(1);
  const names: Record<number, string> = segments[0] === 'campaigns' ? { 1: 'id', 3: 'sid' } : {};
  const index = segments.findIndex((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
  return names[index] ?? 'path';
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: { field: string; message: string }[];
}

/** The one place errors become HTTP answers, all in the shape of API.md. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception, host);
    if (body.statusCode >= 500 && body.statusCode !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, host: ArgumentsHost): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const message = Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message);
      // Express could not decode a %-escape of the path (Nest maps its URIError to a bare 400).
      if (status === 400 && !payload.fields && /^Failed to decode param/.test(message)) {
        const field = undecodableParam(host.switchToHttp().getRequest<Request>().path);
        return { statusCode: 400, error: STATUS_CODES[400] as string, message: `${field}: has an invalid %-escape`, fields: [{ field, message: 'has an invalid %-escape' }] };
      }
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message,
        ...(payload.fields ? { fields: payload.fields as ErrorBody['fields'] } : {}),
      };
    }
    const clientError = exception as { status?: number; message?: string };
    if (typeof clientError?.status === 'number' && clientError.status >= 400 && clientError.status < 500) {
      return { statusCode: clientError.status, error: STATUS_CODES[clientError.status] ?? 'Error', message: clientError.message ?? 'bad request' };
    }
    if (isTransientDatabaseFailure(exception)) {
      return { statusCode: 503, error: STATUS_CODES[503] as string, message: 'the database (PostgreSQL) is unreachable; nothing was recorded' };
    }
    return { statusCode: 500, error: STATUS_CODES[500] as string, message: 'internal error' };
  }
}
