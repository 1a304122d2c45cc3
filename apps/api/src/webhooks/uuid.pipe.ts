import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An endpoint's or a delivery's id: a malformed one is a 400 naming it, before anything is looked up. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const field = metadata.data ?? 'id';
    if (!UUID.test(value)) throw new ApiError(400, `${field}: not a valid id`, [{ field, message: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
