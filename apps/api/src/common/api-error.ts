import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, FieldError } from '@ctg/domain';

/** An error in the shape of API.md: `{statusCode, error, message, fields?}`. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, message: string, fields?: FieldError[]) {
    super({ statusCode: status, message, ...(fields && fields.length ? { fields } : {}) }, status);
  }

  static notFound(message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, message);
  }

  static conflict(message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message);
  }

  static invalid(fields: FieldError[], message?: string): ApiError {
    return new ApiError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      fields,
    );
  }

  static unavailable(message: string): ApiError {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, message);
  }
}

/** Runs a domain rule in the API: its refusal answers as its kind says (404, 409, or 422 naming the fields). */
export function decidedByDomain<T>(decision: () => T): T {
  try {
    return decision();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.kind === 'not_found') throw ApiError.notFound(error.message);
    if (error.kind === 'conflict') throw ApiError.conflict(error.message);
    throw ApiError.invalid(error.fields, error.message);
  }
}
