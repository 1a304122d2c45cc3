import { Injectable } from '@nestjs/common';
import { AdministratorRepository, Member, MemberRole, Membership, Organisation, OrganisationKind, OrganisationRepository } from '@ctg/persistence';
import { Principal } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';

/** An organisation as its members (and the operator) see it: with the caller's role in it, if any. */
export interface OrganisationView extends Omit<Organisation, 'id'> {
  role: MemberRole | null;
}

const viewOf = (o: Organisation, role: MemberRole | null): OrganisationView => ({ siren: o.siren, name: o.name, kind: o.kind, role });

/**
 * Organisations and their members. The operator creates organisations and names their first
 * managers; from then on an organisation's managers manage its members. An organisation is
 * unknown (404) to an administrator who is neither its member nor the operator.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly administrators: AdministratorRepository,
  ) {}

  async list(principal: Principal): Promise<OrganisationView[]> {
    const memberships = await this.organisations.membershipsOf(idOf(principal));
    if (!principal.operator) return memberships.map((m) => viewOf(m, m.role));
    const roles = new Map(memberships.map((m) => [m.id, m.role]));
    return (await this.organisations.all()).map((o) => viewOf(o, roles.get(o.id) ?? null));
  }

  async create(principal: Principal, siren: string, name: string, kind: OrganisationKind): Promise<OrganisationView> {
    if (!principal.operator) throw new ApiError(403, "only the installation's operator creates organisations");
    const created = await this.organisations.create(siren, name.trim(), kind);
    if (!created) throw new ApiError(409, `an organisation with the SIREN ${siren} exists; nothing changed`, [{ field: 'siren', message: 'taken' }]);
    return viewOf(created, null);
  }

  async get(principal: Principal, siren: string): Promise<OrganisationView & { members: Member[] }> {
    const { organisation, role } = await this.visible(principal, siren);
    return { ...viewOf(organisation, role), members: await this.organisations.members(organisation.id) };
  }

  /** Adds a member, or changes their role; 409 when it would leave the organisation without a manager. */
  async setMember(principal: Principal, siren: string, email: string, role: MemberRole): Promise<Member[]> {
    const organisation = await this.managed(principal, siren);
    const administratorId = await this.administrators.idOf(email);
    if (!administratorId) throw new ApiError(404, `no account has the e-mail ${email}: the operator adds it first`);
    if ((await this.organisations.setMember(organisation.id, administratorId, role)) === 'last-manager') {
      throw new ApiError(409, `${email} is the last manager of ${organisation.name}: name another manager first; nothing changed`);
    }
    return this.organisations.members(organisation.id);
  }

  /** Removes a member, whose sessions end at once; 409 for the last manager. */
  async removeMember(principal: Principal, siren: string, email: string): Promise<void> {
    const organisation = await this.managed(principal, siren);
    const outcome = await this.organisations.removeMember(organisation.id, email);
    if (outcome === 'unknown') throw new ApiError(404, `${email} is not a member of ${organisation.name}`);
    if (outcome === 'last-manager') throw new ApiError(409, `${email} is the last manager of ${organisation.name}: name another manager first; nothing changed`);
  }

  /** The organisation, when the caller belongs to it or is the operator; 404 otherwise, as for one that does not exist. */
  private async visible(principal: Principal, siren: string): Promise<{ organisation: Organisation; role: MemberRole | null }> {
    const membership: Membership | undefined = (await this.organisations.membershipsOf(idOf(principal))).find((m) => m.siren === siren);
    if (membership) return { organisation: membership, role: membership.role };
    const organisation = principal.operator ? await this.organisations.bySiren(siren) : undefined;
    if (!organisation) throw new ApiError(404, `unknown organisation ${siren}`);
    return { organisation, role: null };
  }

  /** The organisation, when the caller manages it or is the operator: 404 to a stranger, 403 to an observer. */
  async managed(principal: Principal, siren: string, what = 'manage its members'): Promise<Organisation> {
    const { organisation, role } = await this.visible(principal, siren);
    if (role !== 'manager' && !principal.operator) throw new ApiError(403, `only the managers of ${organisation.name} ${what}`);
    return organisation;
  }
}

function idOf(principal: Principal): string {
  return principal.administratorId as string;
}
