import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, unstorableTextProblem } from '@ctg/domain';
import { ApiError } from './api-error';

/** Deeper than any body of ours: past it a body is an attack on the parsers, not a request. */
const MAX_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Every problem of the raw input that no DTO rule sees: control characters, lone surrogates (no
 * PostgreSQL column or `jsonb` can hold either), prototype keys, depth.
 */
export function inspectInput(value: unknown, path = '', depth = 0, errors: FieldError[] = []): FieldError[] {
  if (errors.length >= 20) return errors;
  if (typeof value === 'string') {
    const problem = unstorableTextProblem(value);
    if (problem) errors.push({ field: path || 'body', message: problem });
    return errors;
  }
  if (value === null || typeof value !== 'object') return errors;
  if (depth >= MAX_DEPTH) {
    // Name the field the caller wrote, not the fiftieth `[0]` below it.
    errors.push({ field: path.split(/[.[]/)[0] || 'body', message: `is nested more than ${MAX_DEPTH} levels deep` });
    return errors;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => inspectInput(item, childPath(path, i), depth + 1, errors));
    return errors;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === '') {
      errors.push({ field: childPath(path, '""'), message: 'is a field without a name' });
      continue;
    }
    if (FORBIDDEN_KEYS.has(key) || unstorableTextProblem(key)) {
      // Named as JSON escapes it, so the answer shows the invisible character that was refused.
      errors.push({ field: childPath(path, JSON.stringify(key).slice(1, -1)), message: 'should not exist' });
      continue;
    }
    inspectInput(item, childPath(path, key), depth + 1, errors);
  }
  return errors;
}

/**
 * Runs before the DTO validation: a body or query with a NUL byte, another control character, a
 * lone surrogate, a prototype key or absurd nesting is refused with 400 before it reaches Temporal
 * or PostgreSQL (a recorded fact PostgreSQL cannot store would block the campaign's record).
 */
@Injectable()
export class InputHygienePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const errors = inspectInput(value);
    if (errors.length) throw new ApiError(400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    return value;
  }
}
