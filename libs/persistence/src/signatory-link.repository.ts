import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

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

async function insertLink(manager: EntityManager, campaignId: string, signatoryId: string, issuedBy: string, expiresAt: string): Promise<IssuedLink> {
  const token = `sl_${randomBytes(32).toString('base64url')}`;
  const [row] = await manager.query(
    `INSERT INTO signatory_link (campaign_id, signatory_id, token_hash, issued_by, expires_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [campaignId, signatoryId, hashOf(token), issuedBy, expiresAt],
  );
  return { linkId: row.id, token, expiresAt };
}

/**
 * Secretaries' personal links: only a hash of each token is stored. A link an administrator
 * issues revokes the signatory's older ones; a reminder's link does not.
 */
export class SignatoryLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async issue(campaignId: string, signatoryId: string, issuedBy: string, ttlMs: number): Promise<IssuedLink> {
    return this.issueUntil(campaignId, signatoryId, issuedBy, new Date(Date.now() + ttlMs).toISOString());
  }

  /** A link that expires at a set instant: the one a `PersonalLinkSent` event recorded. */
  async issueUntil(campaignId: string, signatoryId: string, issuedBy: string, expiresAt: string): Promise<IssuedLink> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE signatory_link SET revoked_at = now()
         WHERE campaign_id = $1 AND signatory_id = $2 AND revoked_at IS NULL`,
        [campaignId, signatoryId],
      );
      return insertLink(manager, campaignId, signatoryId, issuedBy, expiresAt);
    });
  }

  /**
   * The link of a reminder: the signatory's other links stay valid until they expire or an
   * administrator issues a new one, so a secretary may open any reminder received. A retried send
   * gets a new token too (only hashes are stored) and revokes nothing.
   */
  async issueAlongside(campaignId: string, signatoryId: string, issuedBy: string, ttlMs: number): Promise<IssuedLink> {
    return insertLink(this.dataSource.manager, campaignId, signatoryId, issuedBy, new Date(Date.now() + ttlMs).toISOString());
  }

  /**
   * The scope of a valid token: unknown, expired and revoked tokens all give undefined, and so do
   * the links of a campaign the record shows signed or cancelled. That follows the read model,
   * written in the transaction that records the signature or cancellation: no link outlives it.
   */
  async resolve(token: string): Promise<LinkScope | undefined> {
    if (!/^sl_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const rows = await this.dataSource.query(
      `SELECT l.id, l.campaign_id, l.signatory_id FROM signatory_link l
       JOIN campaign_view c ON c.id = l.campaign_id
       WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > now() AND c.phase NOT IN ('signed', 'cancelled')`,
      [hashOf(token)],
    );
    return rows[0] ? { linkId: rows[0].id, campaignId: rows[0].campaign_id, signatoryId: rows[0].signatory_id } : undefined;
  }
}
