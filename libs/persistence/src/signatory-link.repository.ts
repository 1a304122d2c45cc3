import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface IssuedLink {
  linkId: string;
  token: string;
  expiresAt: string;
}

export interface LinkScope {
  linkId: string;
  campaignId: string;
  signatoryId: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Secretaries' personal links: only a hash of each token is stored; a new link revokes the older ones. */
export class SignatoryLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async issue(campaignId: string, signatoryId: string, issuedBy: string, ttlMs: number): Promise<IssuedLink> {
    const token = `sl_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + ttlMs).toISOString();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE signatory_link SET revoked_at = now()
         WHERE campaign_id = $1 AND signatory_id = $2 AND revoked_at IS NULL`,
        [campaignId, signatoryId],
      );
      const [row] = await manager.query(
        `INSERT INTO signatory_link (campaign_id, signatory_id, token_hash, issued_by, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [campaignId, signatoryId, hashOf(token), issuedBy, expiresAt],
      );
      return { linkId: row.id, token, expiresAt };
    });
  }

  /** The scope of a valid token: unknown, expired and revoked tokens all give undefined. */
  async resolve(token: string): Promise<LinkScope | undefined> {
    if (!/^sl_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const rows = await this.dataSource.query(
      `SELECT id, campaign_id, signatory_id FROM signatory_link
       WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [hashOf(token)],
    );
    return rows[0] ? { linkId: rows[0].id, campaignId: rows[0].campaign_id, signatoryId: rows[0].signatory_id } : undefined;
  }

  /** Once a convention is signed or cancelled, its links open nothing any more. */
  async expireCampaign(campaignId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE signatory_link SET expires_at = LEAST(expires_at, now()) WHERE campaign_id = $1`,
      [campaignId],
    );
  }
}
