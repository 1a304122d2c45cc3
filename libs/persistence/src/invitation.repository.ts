import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MemberRole, Organisation, upsertMember } from './organisation.repository';
import { returnedRows } from './returned-rows';

export interface PendingInvitation {
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** An invitation as its token opens it: for whom, to which organisation, with which role. */
export interface OpenedInvitation {
  id: string;
  organisation: Organisation;
  email: string;
  role: MemberRole;
  expiresAt: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Invitations to join an organisation (see the migration): the token is shown once, in the e-mail. */
export class InvitationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new invitation, replacing one still awaiting an answer; its token, which only the e-mail carries. */
  async create(organisationId: string, email: string, role: MemberRole, invitedBy: string, ttlMs: number): Promise<{ id: string; token: string; expiresAt: string }> {
    const token = `iv_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM invitation WHERE organisation_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL`, [organisationId, email]);
      const [row]: { id: string; expires_at: Date }[] = await m.query(
        `INSERT INTO invitation (organisation_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond') RETURNING id, expires_at`,
        [organisationId, email.toLowerCase(), role, hashOf(token), invitedBy, ttlMs],
      );
      return { id: row.id, token, expiresAt: row.expires_at.toISOString() };
    });
  }

  /** Takes back an invitation whose e-mail could not be sent: as if it had never been made. */
  async discard(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM invitation WHERE id = $1 AND accepted_at IS NULL`, [id]);
  }

  async pending(organisationId: string): Promise<PendingInvitation[]> {
    const rows: { email: string; role: MemberRole; invited_by: string; created_at: Date; expires_at: Date }[] = await this.dataSource.query(
      `SELECT email, role, invited_by, created_at, expires_at FROM invitation
       WHERE organisation_id = $1 AND accepted_at IS NULL ORDER BY created_at`,
      [organisationId],
    );
    return rows.map((r) => ({ email: r.email, role: r.role, invitedBy: r.invited_by, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString() }));
  }

  /** Withdraws the invitation awaiting an answer; false when there was none. */
  async withdraw(organisationId: string, email: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `DELETE FROM invitation WHERE organisation_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL RETURNING id`,
      [organisationId, email],
    );
    return returnedRows(result).length > 0;
  }

  /** The invitation the token opens, while it awaits an answer and has not expired. */
  async open(token: string): Promise<OpenedInvitation | undefined> {
    const rows: (OpenedInvitation & { organisation_id: string; siren: string; name: string; kind: Organisation['kind']; expires_at: Date })[] = await this.dataSource.query(
      `SELECT i.id, i.email, i.role, i.expires_at, o.id AS organisation_id, o.siren, o.name, o.kind
       FROM invitation i JOIN organisation o ON o.id = i.organisation_id
       WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now()`,
      [hashOf(token)],
    );
    const r = rows[0];
    return r ? { id: r.id, email: r.email, role: r.role, expiresAt: r.expires_at.toISOString(), organisation: { id: r.organisation_id, siren: r.siren, name: r.name, kind: r.kind } } : undefined;
  }

  /**
   * Accepts it, once, in one transaction: the account of its e-mail is created (with `passwordHash`)
   * unless it exists, and becomes a member with the invitation's role. Undefined when another
   * acceptance came first, or it expired meanwhile.
   */
  async accept(invitation: OpenedInvitation, passwordHash: string | undefined): Promise<{ administratorId: string } | undefined> {
    return this.dataSource.transaction(async (m) => {
      const taken = returnedRows(
        await m.query(`UPDATE invitation SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND expires_at > now() RETURNING id`, [invitation.id]),
      );
      if (taken.length === 0) return undefined;
      if (passwordHash) {
        await m.query(`INSERT INTO administrator (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING`, [invitation.email, passwordHash]);
      }
      const [account]: { id: string }[] = await m.query(`SELECT id FROM administrator WHERE lower(email) = lower($1)`, [invitation.email]);
      if (!account) throw new Error(`invitation ${invitation.id}: no account for ${invitation.email} and no password to create it`);
      await upsertMember(m, invitation.organisation.id, account.id, invitation.role);
      return { administratorId: account.id };
    });
  }
}
