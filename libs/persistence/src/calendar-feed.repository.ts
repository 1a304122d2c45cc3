import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { returnedRows } from './returned-rows';

/** A feed token: `cf_` and 43 base64url characters (256 random bits). */
export const CALENDAR_FEED_TOKEN = /^cf_[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Administrators' private calendar feeds (see the migration): the token is shown once, when the
 * feed is created, and only its hash is kept, as for the personal links.
 */
export class CalendarFeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new feed of the campaign for the administrator, revoking the one they had: its token. */
  async create(campaignId: string, administratorId: string): Promise<string> {
    const token = `cf_${randomBytes(32).toString('base64url')}`;
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE calendar_feed SET revoked_at = now() WHERE campaign_id = $1 AND administrator_id = $2 AND revoked_at IS NULL`, [
        campaignId,
        administratorId,
      ]);
      await m.query(`INSERT INTO calendar_feed (campaign_id, administrator_id, token_hash) VALUES ($1, $2, $3)`, [campaignId, administratorId, hashOf(token)]);
    });
    return token;
  }

  /** Revokes the administrator's feed of the campaign; false when they had none. */
  async revoke(campaignId: string, administratorId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `UPDATE calendar_feed SET revoked_at = now() WHERE campaign_id = $1 AND administrator_id = $2 AND revoked_at IS NULL RETURNING id`,
      [campaignId, administratorId],
    );
    return returnedRows(rows).length > 0;
  }

  /**
   * The campaign a token opens, or undefined: unknown, malformed and revoked tokens alike, and so
   * is the feed of an administrator disabled, or no longer a member of an organisation holding the
   * campaign. Checked on every fetch: the feed stops the moment the access does.
   */
  async resolve(token: string): Promise<string | undefined> {
    if (!CALENDAR_FEED_TOKEN.test(token)) return undefined;
    const rows: { campaign_id: string }[] = await this.dataSource.query(
      `SELECT f.campaign_id FROM calendar_feed f
       JOIN administrator a ON a.id = f.administrator_id AND a.disabled_at IS NULL
       WHERE f.token_hash = $1 AND f.revoked_at IS NULL
         AND EXISTS (SELECT 1 FROM campaign_organisation c JOIN organisation_member m ON m.organisation_id = c.organisation_id
                     WHERE c.campaign_id = f.campaign_id AND m.administrator_id = f.administrator_id)`,
      [hashOf(token)],
    );
    return rows[0]?.campaign_id;
  }
}
