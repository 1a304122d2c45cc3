import { Injectable } from '@nestjs/common';
import { CampaignHolder, OrganisationRepository } from '@ctg/persistence';
import { Principal } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';

export type HolderView = Omit<CampaignHolder, 'id'>;

const viewOf = ({ siren, name, kind, relation }: CampaignHolder): HolderView => ({ siren, name, kind, relation });

/**
 * Which organisations hold a campaign. The access guard has already answered 404 to a caller none
 * of whose organisations holds it; sharing is decided by the owner's managers.
 */
@Injectable()
export class CampaignOrganisationsService {
  constructor(private readonly organisations: OrganisationRepository) {}

  async list(campaignId: string): Promise<HolderView[]> {
    return (await this.organisations.holders(campaignId)).map(viewOf);
  }

  async share(campaignId: string, siren: string, principal: Principal): Promise<HolderView[]> {
    await this.requireOwnersManager(campaignId, principal);
    const partner = await this.organisations.bySiren(siren);
    if (!partner) throw new ApiError(404, `unknown organisation ${siren}`);
    await this.organisations.share(campaignId, partner.id);
    return this.list(campaignId);
  }

  async unshare(campaignId: string, siren: string, principal: Principal): Promise<void> {
    const owner = await this.requireOwnersManager(campaignId, principal);
    if (owner.siren === siren) throw new ApiError(409, `${owner.name} launched the campaign and holds it; nothing changed`);
    const partner = await this.organisations.bySiren(siren);
    if (!partner || !(await this.organisations.unshare(campaignId, partner.id))) throw new ApiError(404, `the organisation ${siren} is not a partner of this campaign`);
  }

  private async requireOwnersManager(campaignId: string, principal: Principal): Promise<CampaignHolder> {
    const owner = (await this.organisations.holders(campaignId)).find((h) => h.relation === 'owner');
    const managesOwner = owner && (await this.organisations.membershipsOf(principal.administratorId as string)).some((m) => m.id === owner.id && m.role === 'manager');
    if (!owner || !managesOwner) throw new ApiError(403, `only the managers of ${owner?.name ?? 'the organisation that launched it'} share the campaign`);
    return owner;
  }
}
