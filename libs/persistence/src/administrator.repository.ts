import { DataSource } from 'typeorm';

export interface AdministratorRecord {
  id: string;
  email: string;
  passwordHash: string;
}

export class AdministratorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<AdministratorRecord | undefined> {
    const rows = await this.dataSource.query(
      `SELECT id, email, password_hash FROM administrator WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0] ? { id: rows[0].id, email: rows[0].email, passwordHash: rows[0].password_hash } : undefined;
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
   * Who an escalated reminder of this campaign copies: the administrators named at its launch, or
   * else the administrator who launched it, or else nobody (never the administrators of other
   * campaigns); read from the launch event, so it cannot drift. Throws while the launch event is
   * not recorded yet (PostgreSQL was down): the activity retries.
   */
  async forCampaign(campaignId: string): Promise<string[]> {
    const rows: { administrators: string[] | null; actor: { kind: string; id: string } }[] = await this.dataSource.query(
      `SELECT data->'administrators' AS administrators, actor FROM campaign_event
       WHERE campaign_id = $1 AND type = 'CampaignLaunched' ORDER BY seq LIMIT 1`,
      [campaignId],
    );
    if (!rows[0]) throw new Error(`campaign ${campaignId}: its launch is not in the record yet`);
    if (rows[0].administrators?.length) return rows[0].administrators;
    return rows[0].actor.kind === 'administrator' ? [rows[0].actor.id] : [];
  }
}
