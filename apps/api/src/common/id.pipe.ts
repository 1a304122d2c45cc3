import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isValidId } from '@ctg/domain';
import { ApiError } from './api-error';

/** Path ids are checked before anything else: no dots-and-slashes, no control characters. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isValidId(value)) {
      const field = metadata.data ?? 'id';
      throw new ApiError(400, `${field}: not a valid id`, [
        { field, message: 'must be 1 to 80 letters, digits, dots, dashes or underscores' },
      ]);
    }
    return value;
  }
}
