import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** A document's version number in a path or a query: 1 to 9999, or absent where optional. */
@Injectable()
export class VersionPipe implements PipeTransform<unknown, number | undefined> {
  constructor(private readonly required = true) {}

  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined && !this.required) return undefined;
    if (typeof value !== 'string' || !/^[1-9][0-9]{0,3}$/.test(value)) {
      const field = metadata.data ?? 'version';
      throw new ApiError(400, `${field}: not a version number`, [{ field, message: 'must be a whole number from 1 to 9999' }]);
    }
    return Number(value);
  }
}

/** `?format=` of a draft: DOCX unless ODT is asked for. */
@Injectable()
export class DraftFormatPipe implements PipeTransform<unknown, 'docx' | 'odt'> {
  transform(value: unknown): 'docx' | 'odt' {
    if (value === undefined || value === 'docx') return 'docx';
    if (value === 'odt') return 'odt';
    throw new ApiError(400, 'format: must be docx or odt', [{ field: 'format', message: 'must be docx or odt' }]);
  }
}
