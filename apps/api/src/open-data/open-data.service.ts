import { Injectable } from '@nestjs/common';
import { CampaignDefinition, Deliberation, isFinal } from '@ctg/domain';
import { ScdlDeliberationSource, scdlDeliberationsCsv } from '@ctg/documents';
import { CampaignReadRepository } from '@ctg/persistence';
import { ApiError } from '../common/api-error';

/** A campaign's recorded deliberations as open data (SCDL « délibérations » 2.1.3). */
@Injectable()
export class OpenDataService {
  constructor(private readonly campaigns: CampaignReadRepository) {}

  /**
   * One line per body whose assembly decided (adopted or rejected; an adjournment decided nothing).
   * The schema requires each body's SIRET and the deliberation's number: a campaign lacking one
   * gets a 409 naming the bodies, rather than a file data.gouv.fr would refuse.
   */
  async deliberationsCsv(campaignId: string): Promise<string> {
    const launched = await this.campaigns.launched(campaignId);
    if (!launched) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    const definition = launched.definition as unknown as CampaignDefinition;
    const siretOf = new Map(definition.signatories.map((s) => [s.id, s.siret]));
    const decided = (await this.campaigns.signatories(campaignId)).filter((s) => s.deliberation && isFinal(s.deliberation.decision));
    const noSiret = decided.filter((s) => !siretOf.get(s.id)).map((s) => s.name);
    const noNumber = decided.filter((s) => !s.deliberation?.number).map((s) => s.name);
    if (noSiret.length || noNumber.length) {
      const missing = [
        ...(noSiret.length ? [`no SIRET for ${noSiret.join(', ')} (give it in the signatories' siret at launch)`] : []),
        ...(noNumber.length ? [`no deliberation number for ${noNumber.join(', ')} (correct the deliberation with its number)`] : []),
      ];
      throw ApiError.conflict(`the SCDL export needs every body's SIRET and deliberation number: ${missing.join('; ')}`);
    }
    const sources: ScdlDeliberationSource[] = decided.map((s) => ({
      bodyName: s.name,
      siret: siretOf.get(s.id) as string,
      deliberation: s.deliberation as Deliberation & { number: string },
      ...(s.legalFollowUp ? { legalFollowUp: s.legalFollowUp } : {}),
    }));
    return scdlDeliberationsCsv(definition.title, sources);
  }
}
