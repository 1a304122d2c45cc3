import { HttpException, HttpStatus } from '@nestjs/common';
import { FieldError } from '@ctg/domain';

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
