import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'signatories[3].email' })
  field: string;

  @ApiProperty({ example: 'must be an e-mail address' })
  message: string;
}

/** API.md's error shape, the one schema of every error answer (see HttpErrorFilter). */
export class ApiErrorDto {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity' })
  error: string;

  @ApiProperty({ example: 'votesFor: must be more than votesAgainst for an adopted deliberation' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'each field at fault, by its path in the body (or `body`, `id`, `sid`)' })
  fields?: FieldErrorDto[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 423 | 429 | 503;

const WHY: Record<ErrorStatus, string> = {
  400: 'malformed JSON, a field of the wrong type or an unknown one, or a malformed id in the path: `fields` names each',
  401: 'no token, or an invalid, expired or revoked one; nothing changed',
  403: 'a valid token acting outside its scope (a personal link on another campaign or signatory, or on a route for administrators); nothing changed',
  404: 'unknown campaign or signatory',
  408: 'an upload sent nothing for too long: its partial bytes were discarded, nothing stored',
  409: 'the request conflicts with what the campaign recorded (its phase, or a different earlier request); nothing changed',
  413: 'request body over 1 MiB, or an uploaded file over 50 MiB',
  415: 'a body of another media type than the route takes',
  422: 'a rule refuses the request: `fields` names each field at fault; nothing changed',
  423: 'the signature link is locked after five wrong codes: the administrators send a new one',
  429: 'too many requests: try again later',
  503: 'Temporal or PostgreSQL unreachable: nothing was recorded (or, after a timeout, the same request again is recorded once)',
};

/** A status with its usual reason, or `[status, what it means on this route, an example body?]`. */
export type ErrorAnswer = ErrorStatus | [ErrorStatus, string] | [ErrorStatus, string, ApiErrorDto];

/** Error answers of a route, each as JSON in the shared error schema, also on routes whose success is CSV or PDF. */
export function ApiErrors(...answers: ErrorAnswer[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...answers.map((answer) => {
      const [status, description, example] = Array.isArray(answer) ? answer : [answer, WHY[answer]];
      const json = { schema: { $ref: getSchemaPath(ApiErrorDto) }, ...(example ? { example } : {}) };
      return ApiResponse({ status, description, content: { 'application/json': json } });
    }),
  );
}

/** A success that is a file: its media type, and no JSON. */
export type FileMediaType =
  | 'text/csv'
  | 'text/calendar'
  | 'application/pdf'
  | 'application/zip'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.oasis.opendocument.text';

export function ApiFileResponse(status: 200, mediaType: FileMediaType | FileMediaType[], description: string): MethodDecorator & ClassDecorator {
  if (Array.isArray(mediaType)) {
    return ApiResponse({ status, description, content: Object.fromEntries(mediaType.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])) });
  }
  const schema = mediaType === 'text/csv' || mediaType === 'text/calendar' ? { type: 'string' } : { type: 'string', format: 'binary' };
  return ApiResponse({ status, description, content: { [mediaType]: { schema } } });
}
