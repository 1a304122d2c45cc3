import { HttpStatus, Injectable } from '@nestjs/common';
import { DomainError, SignatoryDefinition, Territory } from '@ctg/domain';
import {
  EpciSignatories,
  PartnerBodies,
  csvProblemsAsFields,
  epciSignatories,
  readSignatoryCsv,
  signatoryDraftsToCsv,
} from '@ctg/territory';
import { ApiError } from '../common/api-error';

@Injectable()
export class TerritoriesService {
  /** The proposed signatories of a CTG on an EPCI's territory, e-mail addresses to fill in. */
  epciSignatories(siren: string, partners: PartnerBodies): EpciSignatories {
    try {
      return epciSignatories(siren, partners);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not_found') throw ApiError.notFound(error.message);
      throw new ApiError(HttpStatus.BAD_REQUEST, error.message, error.fields);
    }
  }

  epciSignatoriesCsv(siren: string, partners: PartnerBodies): string {
    return signatoryDraftsToCsv(this.epciSignatories(siren, partners).signatories);
  }

  /** Every bad line reported at once (422), or the whole list: never part of it. */
  importCsv(csv: string): { signatories: SignatoryDefinition[]; territory: Territory | null } {
    const result = readSignatoryCsv(csv);
    if (result.ok) return { signatories: result.signatories, territory: result.territory };
    const lines = new Set(result.problems.map((p) => p.line));
    const where = lines.has(null) ? 'in the CSV' : `on ${lines.size} line${lines.size > 1 ? 's' : ''} of the CSV`;
    const count = result.problems.length;
    throw ApiError.invalid(csvProblemsAsFields(result.problems), `${count} problem${count > 1 ? 's' : ''} ${where}; nothing was imported`);
  }
}
