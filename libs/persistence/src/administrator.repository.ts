import { returnedRows } from './returned-rows';
import { DataSource, EntityManager } from 'typeorm';

export interface AdministratorRecord {
  id: string;
  email: string;
  passwordHash: string;
  disabled: boolean;
  /** Written into each access token; a token of an older version is refused. */
  tokenVersion: number;
}

/** An account as administrators list them: never its password hash. */
export interface AdministratorAccount {
  email: string;
  createdAt: string;
  disabledAt: string | null;
}

/** What a change that could leave nobody in charge did: done, unknown e-mail, or refused. */
export type GuardedChange = 'done' | 'unknown' | 'last-active';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function accountOf(row: { email: string; created_at: Date; disabled_at: Date | null }): AdministratorAccount {
  return { email: row.email, createdAt: row.created_at.toISOString(), disabledAt: row.disabled_at?.toISOString() ?? null };
}

export class AdministratorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<AdministratorRecord | undefined> {
    const rows = await this.dataSource.query(
      `SELECT id, email, password_hash, disabled_at IS NOT NULL AS disabled, token_version FROM administrator WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0]
      ? { id: rows[0].id, email: rows[0].email, passwordHash: rows[0].password_hash, disabled: rows[0].disabled, tokenVersion: rows[0].token_version }
      : undefined;
  }

  /**
   * The active administrator `id` while `tokenVersion` is still theirs: their e-mail, and whether
   * they are an operator of the installation; undefined once they are disabled or removed, or
   * changed their password, or were removed from an organisation. One primary-key lookup per request.
   */
  async active(id: string, tokenVersion: number): Promise<{ email: string; operator: boolean } | undefined> {
    if (!UUID.test(id) || !Number.isInteger(tokenVersion)) return undefined;
    const rows: { email: string; operator: boolean }[] = await this.dataSource.query(
      `SELECT email, operator FROM administrator WHERE id = $1 AND token_version = $2 AND disabled_at IS NULL`,
      [id, tokenVersion],
    );
    return rows[0];
  }

  async idOf(email: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM administrator WHERE lower(email) = lower($1)`, [email]);
    return rows[0]?.id;
  }

  async list(): Promise<AdministratorAccount[]> {
    const rows = await this.dataSource.query(`SELECT email, created_at, disabled_at FROM administrator ORDER BY email`);
    return rows.map(accountOf);
  }

  async account(email: string): Promise<AdministratorAccount | undefined> {
    const rows = await this.dataSource.query(`SELECT email, created_at, disabled_at FROM administrator WHERE lower(email) = lower($1)`, [email]);
    return rows[0] ? accountOf(rows[0]) : undefined;
  }

  /** Sets a new password and moves the token version on, so every token issued before dies; the new version. */
  async changePassword(id: string, passwordHash: string): Promise<number | undefined> {
    const result = await this.dataSource.query(
      `UPDATE administrator SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 AND disabled_at IS NULL RETURNING token_version`,
      [id, passwordHash],
    );
    return returnedRows<{ token_version: number }>(result)[0]?.token_version;
  }

  /** Disables the account (its tokens die with it); refused for the last active administrator. */
  disable(email: string): Promise<GuardedChange> {
    return this.unlessLastActive(email, (m, id) =>
      m.query(`UPDATE administrator SET disabled_at = now(), token_version = token_version + 1 WHERE id = $1 AND disabled_at IS NULL`, [id]),
    );
  }

  /** Removes the account; refused for the last active administrator. The record keeps their e-mail in its events. */
  remove(email: string): Promise<GuardedChange> {
    return this.unlessLastActive(email, (m, id) => m.query(`DELETE FROM administrator WHERE id = $1`, [id]));
  }

  /** Enables a disabled account again; its tokens from before stay dead (the version moved on). */
  async enable(email: string): Promise<boolean> {
    const result = await this.dataSource.query(`UPDATE administrator SET disabled_at = NULL WHERE lower(email) = lower($1) RETURNING id`, [email]);
    return returnedRows(result).length > 0;
  }

  /**
   * Runs `change` on the account unless it is the last active one. The active rows stay locked
   * until the change commits, so two administrators disabling each other at once cannot both win.
   */
  private unlessLastActive(email: string, change: (m: EntityManager, id: string) => Promise<unknown>): Promise<GuardedChange> {
    return this.dataSource.transaction(async (m) => {
      const active: { id: string }[] = await m.query(`SELECT id FROM administrator WHERE disabled_at IS NULL ORDER BY id FOR UPDATE`);
      const [target]: { id: string; disabled: boolean }[] = await m.query(
        `SELECT id, disabled_at IS NOT NULL AS disabled FROM administrator WHERE lower(email) = lower($1) FOR UPDATE`,
        [email],
      );
      if (!target) return 'unknown';
      if (!target.disabled && active.length <= 1) return 'last-active';
      await change(m, target.id);
      return 'done';
    });
  }

  /**
   * The first administrator (ADMIN_EMAIL at start-up), the installation's operator, only while
   * there is none: one removed or disabled later stays so across restarts, instead of coming back
   * with the password it had.
   */
  async addFirst(email: string, passwordHash: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO administrator (email, password_hash, operator) SELECT $1, $2, true WHERE NOT EXISTS (SELECT 1 FROM administrator)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email.toLowerCase(), passwordHash],
    );
    return rows.length > 0;
  }

  /** Adds the administrator unless one with this e-mail exists; true when added. */
  async addIfMissing(email: string, passwordHash: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO administrator (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email.toLowerCase(), passwordHash],
    );
    return rows.length > 0;
  }

  /**
   * Who an escalated reminder of this campaign copies: the active managers of the organisations
   * holding it (its owner and partners) as they are when the reminder goes out, and the addresses
   * named at its launch; a campaign launched before organisations with none named copies the one
   * who launched it. Never the administrators of other campaigns. Throws while the launch event
   * is not recorded yet (PostgreSQL was down): the activity retries.
   */
  async forCampaign(campaignId: string): Promise<string[]> {
    const [launch]: { administrators: string[] | null; actor: { kind: string; id: string } }[] = await this.dataSource.query(
      `SELECT data->'administrators' AS administrators, actor FROM campaign_event
       WHERE campaign_id = $1 AND type = 'CampaignLaunched' ORDER BY seq LIMIT 1`,
      [campaignId],
    );
    if (!launch) throw new Error(`campaign ${campaignId}: its launch is not in the record yet`);
    const [held]: { any: boolean; managers: string[] }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM campaign_organisation WHERE campaign_id = $1) AS any,
              coalesce(array_agg(DISTINCT a.email ORDER BY a.email) FILTER (WHERE a.email IS NOT NULL), '{}') AS managers
       FROM campaign_organisation c
       JOIN organisation_member m ON m.organisation_id = c.organisation_id AND m.role = 'manager'
       JOIN administrator a ON a.id = m.administrator_id AND a.disabled_at IS NULL
       WHERE c.campaign_id = $1`,
      [campaignId],
    );
    const named = launch.administrators ?? [];
    if (!held.any && named.length === 0) return launch.actor.kind === 'administrator' ? [launch.actor.id] : [];
    const seen = new Set<string>();
    return [...held.managers, ...named].filter((email) => !seen.has(email.toLowerCase()) && seen.add(email.toLowerCase()));
  }
}
