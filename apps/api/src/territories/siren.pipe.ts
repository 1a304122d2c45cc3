import { Injectable, PipeTransform } from '@nestjs/common';
import { sirenProblem } from '@ctg/territory';
import { ApiError } from '../common/api-error';

/** A malformed SIREN is a 400 before anything is looked up; a well-formed unknown one is the service's 404. */
@Injectable()
export class SirenPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const problem = sirenProblem(value);
    if (problem) throw new ApiError(400, `siren: ${problem}`, [{ field: 'siren', message: problem }]);
    return value;
  }
}
