import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** A document's version number in a path: 1 to 9999. */
@Injectable()
export class VersionPipe implements PipeTransform<unknown, number | undefined> {
  protected readonly required: boolean = true;

  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined && !this.required) return undefined;
    // The global validation pipe may already have turned the path's text into the parameter's type.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^[1-9][0-9]{0,3}$/.test(text)) {
      const field = metadata.data ?? 'version';
      throw new ApiError(400, `${field}: not a version number`, [{ field, message: 'must be a whole number from 1 to 9999' }]);
    }
    return Number(text);
  }
}

/** `?version=`: absent means the version in force. */
@Injectable()
export class OptionalVersionPipe extends VersionPipe {
  protected override readonly required = false;
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
