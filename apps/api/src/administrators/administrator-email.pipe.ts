import { Injectable, PipeTransform } from '@nestjs/common';
import { isEmail } from '@ctg/domain';
import { ApiError } from '../common/api-error';

/** The `:email` of an administrator's path, checked before any query. */
@Injectable()
export class AdministratorEmailPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isEmail(value)) throw new ApiError(400, 'email: not an e-mail address', [{ field: 'email', message: 'must be an e-mail address' }]);
    return value.toLowerCase();
  }
}
