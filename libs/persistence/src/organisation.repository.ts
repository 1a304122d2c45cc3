import { returnedRows } from './returned-rows';
import { DataSource, EntityManager } from 'typeorm';

export const ORGANISATION_KINDS = ['caf', 'epci', 'departement', 'msa', 'commune'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const MEMBER_ROLES = ['manager', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Organisation {
  id: string;
  siren: string;
  name: string;
  kind: OrganisationKind;
}

export interface Membership extends Organisation {
  role: MemberRole;
}

export interface Member {
  email: string;
  role: MemberRole;
  addedAt: string;
  disabled: boolean;
}

/** An organisation holding a campaign: the one that launched it, or a partner it is shared with. */
export interface CampaignHolder extends Organisation {
  relation: 'owner' | 'partner';
}

/** What a change to a membership did: done, nobody by that e-mail in it, or refused (it would leave the organisation without a manager). */
export type MembershipChange = 'done' | 'unknown' | 'last-manager';

const ORGANISATION_COLUMNS = `o.id, o.siren, o.name, o.kind`;

/** The organisation's managers, locked until the transaction ends: two changes at once cannot both leave it without one. */
async function lockedManagers(m: EntityManager, organisationId: string): Promise<string[]> {
  const rows: { administrator_id: string }[] = await m.query(
    `SELECT administrator_id FROM organisation_member WHERE organisation_id = $1 AND role = 'manager' ORDER BY administrator_id FOR UPDATE`,
    [organisationId],
  );
  return rows.map((r) => r.administrator_id);
}

/** Makes the administrator a member with this role, a new member or a role changed (in the caller's transaction). */
export async function upsertMember(m: EntityManager, organisationId: string, administratorId: string, role: MemberRole): Promise<void> {
  await m.query(
    `INSERT INTO organisation_member (organisation_id, administrator_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, administrator_id) DO UPDATE SET role = EXCLUDED.role`,
    [organisationId, administratorId, role],
  );
}

/**
 * Organisations, their members and the campaigns they hold. Every access decision on a campaign
 * reads it here, per request: a membership removed or a role changed applies to the next request.
 */
export class OrganisationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the organisation; undefined when its SIREN is taken. */
  async create(siren: string, name: string, kind: OrganisationKind): Promise<Organisation | undefined> {
    const rows: Organisation[] = await this.dataSource.query(
      `INSERT INTO organisation (siren, name, kind) VALUES ($1, $2, $3) ON CONFLICT (siren) DO NOTHING RETURNING id, siren, name, kind`,
      [siren, name, kind],
    );
    return rows[0];
  }

  async bySiren(siren: string): Promise<Organisation | undefined> {
    const rows: Organisation[] = await this.dataSource.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisation o WHERE o.siren = $1`, [siren]);
    return rows[0];
  }

  async all(): Promise<Organisation[]> {
    return this.dataSource.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisation o ORDER BY o.name, o.siren`);
  }

  /** The organisations an administrator belongs to, with their role in each. */
  async membershipsOf(administratorId: string): Promise<Membership[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS}, m.role FROM organisation o JOIN organisation_member m ON m.organisation_id = o.id
       WHERE m.administrator_id = $1 ORDER BY o.name, o.siren`,
      [administratorId],
    );
  }

  async members(organisationId: string): Promise<Member[]> {
    const rows: { email: string; role: MemberRole; added_at: Date; disabled: boolean }[] = await this.dataSource.query(
      `SELECT a.email, m.role, m.added_at, a.disabled_at IS NOT NULL AS disabled
       FROM organisation_member m JOIN administrator a ON a.id = m.administrator_id
       WHERE m.organisation_id = $1 ORDER BY a.email`,
      [organisationId],
    );
    return rows.map((r) => ({ email: r.email, role: r.role, addedAt: r.added_at.toISOString(), disabled: r.disabled }));
  }

  /**
   * Makes the administrator a member with this role (a new member, or a role changed). A manager
   * made an observer is refused when no other manager would be left.
   */
  setMember(organisationId: string, administratorId: string, role: MemberRole): Promise<MembershipChange> {
    return this.dataSource.transaction(async (m) => {
      const managers = await lockedManagers(m, organisationId);
      const isOnlyManager = managers.length === 1 && managers[0] === administratorId;
      if (isOnlyManager && role !== 'manager') return 'last-manager';
      await upsertMember(m, organisationId, administratorId, role);
      return 'done';
    });
  }

  /**
   * Removes the member, unless they are its last manager; their access tokens die at once (the
   * account's token version moves on), whatever other organisations they belong to.
   */
  removeMember(organisationId: string, email: string): Promise<MembershipChange> {
    return this.dataSource.transaction(async (m) => {
      const managers = await lockedManagers(m, organisationId);
      const [target]: { id: string; role: MemberRole }[] = await m.query(
        `SELECT a.id, m.role FROM organisation_member m JOIN administrator a ON a.id = m.administrator_id
         WHERE m.organisation_id = $1 AND lower(a.email) = lower($2) FOR UPDATE OF m`,
        [organisationId, email],
      );
      if (!target) return 'unknown';
      if (target.role === 'manager' && managers.length <= 1) return 'last-manager';
      await m.query(`DELETE FROM organisation_member WHERE organisation_id = $1 AND administrator_id = $2`, [organisationId, target.id]);
      await m.query(`UPDATE administrator SET token_version = token_version + 1 WHERE id = $1`, [target.id]);
      return 'done';
    });
  }

  /**
   * The administrator's role on the campaign through any organisation holding it (a manager in one
   * of them is a manager); undefined when none of theirs holds it, or the campaign is unknown.
   */
  async campaignRole(administratorId: string, campaignId: string): Promise<MemberRole | undefined> {
    const rows: { role: MemberRole }[] = await this.dataSource.query(
      `SELECT m.role FROM campaign_organisation c JOIN organisation_member m ON m.organisation_id = c.organisation_id
       WHERE c.campaign_id = $1 AND m.administrator_id = $2 ORDER BY m.role = 'manager' DESC LIMIT 1`,
      [campaignId, administratorId],
    );
    return rows[0]?.role;
  }

  /**
   * Gives a new campaign id to the organisation launching it, and answers which organisation owns
   * it. A campaign already in the read models with no owner (launched before organisations) is
   * not given to whoever asks first: undefined.
   */
  async claimCampaign(campaignId: string, organisationId: string): Promise<string | undefined> {
    await this.dataSource.query(
      `INSERT INTO campaign_organisation (campaign_id, organisation_id, relation)
       SELECT $1::varchar, $2::uuid, 'owner' WHERE NOT EXISTS (SELECT 1 FROM campaign_view WHERE id = $1::varchar)
       ON CONFLICT DO NOTHING`,
      [campaignId, organisationId],
    );
    const rows: { organisation_id: string }[] = await this.dataSource.query(
      `SELECT organisation_id FROM campaign_organisation WHERE campaign_id = $1 AND relation = 'owner'`,
      [campaignId],
    );
    return rows[0]?.organisation_id;
  }

  async holders(campaignId: string): Promise<CampaignHolder[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS}, c.relation FROM campaign_organisation c JOIN organisation o ON o.id = c.organisation_id
       WHERE c.campaign_id = $1 ORDER BY c.relation = 'owner' DESC, o.name`,
      [campaignId],
    );
  }

  /** Shares the campaign with a partner organisation; false when it already holds it (as owner or partner). */
  async share(campaignId: string, organisationId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO campaign_organisation (campaign_id, organisation_id, relation) VALUES ($1, $2, 'partner') ON CONFLICT DO NOTHING RETURNING campaign_id`,
      [campaignId, organisationId],
    );
    return rows.length > 0;
  }

  /** Stops sharing with a partner; false when it was not one. The owner is never removed. */
  async unshare(campaignId: string, organisationId: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `DELETE FROM campaign_organisation WHERE campaign_id = $1 AND organisation_id = $2 AND relation = 'partner' RETURNING campaign_id`,
      [campaignId, organisationId],
    );
    return returnedRows(result).length > 0;
  }

  /**
   * The installation's first organisation and its first manager (FIRST_ORGANISATION_* at
   * start-up), only while there is no organisation: one removed later does not come back. The
   * campaigns launched before organisations become its own, as they were its administrators'.
   */
  async addFirst(siren: string, name: string, kind: OrganisationKind, managerEmail: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`LOCK TABLE organisation IN SHARE ROW EXCLUSIVE MODE`);
      const [{ any }] = await m.query(`SELECT EXISTS (SELECT 1 FROM organisation) AS any`);
      if (any) return false;
      const [organisation]: { id: string }[] = await m.query(`INSERT INTO organisation (siren, name, kind) VALUES ($1, $2, $3) RETURNING id`, [siren, name, kind]);
      await m.query(
        `INSERT INTO organisation_member (organisation_id, administrator_id, role) SELECT $1, id, 'manager' FROM administrator WHERE lower(email) = lower($2)`,
        [organisation.id, managerEmail],
      );
      await m.query(
        `INSERT INTO campaign_organisation (campaign_id, organisation_id, relation)
         SELECT v.id, $1, 'owner' FROM campaign_view v
         WHERE NOT EXISTS (SELECT 1 FROM campaign_organisation c WHERE c.campaign_id = v.id AND c.relation = 'owner')`,
        [organisation.id],
      );
      return true;
    });
  }
}
