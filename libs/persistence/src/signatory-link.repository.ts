import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export interface IssuedLink {
  linkId: string;
  token: string;
  expiresAt: string;
}

/** A secretary's link (`sl_…`) opens the body's deliberation; a signature link (`sg_…`) lets its authority sign. */
export type LinkPurpose = 'deliberation' | 'signature';

export interface LinkScope {
  linkId: string;
  campaignId: string;
  signatoryId: string;
  purpose: LinkPurpose;
  /** A signature link locked after five wrong codes: it shows the page, and signs no more. */
  locked: boolean;
  failedCodes: number;
  /** A link forwarded by the body's secretary: the person it belongs to. */
  holder?: { name: string; email: string };
}

export function linkPurposeOf(token: string): LinkPurpose | undefined {
  if (/^sl_[A-Za-z0-9_-]{43}$/.test(token)) return 'deliberation';
  if (/^sg_[A-Za-z0-9_-]{43}$/.test(token)) return 'signature';
  return undefined;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const INSERT_LINK = `INSERT INTO signatory_link (campaign_id, signatory_id, token_hash, issued_by, expires_at, purpose) VALUES ($1, $2, $3, $4, $5, $6)`;

async function insertLink(manager: EntityManager, campaignId: string, signatoryId: string, issuedBy: string, expiresAt: string): Promise<IssuedLink> {
  const token = `sl_${randomBytes(32).toString('base64url')}`;
  const [row] = await manager.query(`${INSERT_LINK} RETURNING id`, [campaignId, signatoryId, hashOf(token), issuedBy, expiresAt, 'deliberation']);
  return { linkId: row.id, token, expiresAt };
}

/** Revokes the signatory's valid links of the same purpose, except the one just issued. */
async function revokeOthers(manager: EntityManager, campaignId: string, signatoryId: string, keptLinkId: string, purpose: LinkPurpose = 'deliberation'): Promise<void> {
  await manager.query(
    `UPDATE signatory_link SET revoked_at = now()
     WHERE campaign_id = $1 AND signatory_id = $2 AND revoked_at IS NULL AND id <> $3 AND purpose = $4`,
    [campaignId, signatoryId, keptLinkId, purpose],
  );
}

/**
 * Secretaries' personal links: only a hash of each token is stored. A link an administrator
 * issues revokes the signatory's older ones; a reminder's link does not.
 */
export class SignatoryLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async issue(campaignId: string, signatoryId: string, issuedBy: string, ttlMs: number): Promise<IssuedLink> {
    return this.dataSource.transaction(async (manager) => {
      const link = await insertLink(manager, campaignId, signatoryId, issuedBy, new Date(Date.now() + ttlMs).toISOString());
      await revokeOthers(manager, campaignId, signatoryId, link.linkId);
      return link;
    });
  }

  /**
   * The link of one `PersonalLinkSent` event, under the token the worker derives for that event.
   * The first attempt stores its hash and revokes the signatory's older links; a retry finds the
   * hash already stored and changes nothing, so every copy of the e-mail carries the same link.
   * The insert comes first: a concurrent attempt waits on the unique hash, then revokes nothing.
   * The link of a `PersonalLinkForwarded` event is its `holder`'s, and revokes no other.
   */
  async issueForEvent(
    campaignId: string,
    signatoryId: string,
    token: string,
    issuedBy: string,
    expiresAt: string,
    holder?: { name: string; email: string },
  ): Promise<IssuedLink> {
    const purpose = linkPurposeOf(token);
    if (!purpose) throw new Error('a link token is sl_ or sg_ followed by 43 base64url characters');
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO signatory_link (campaign_id, signatory_id, token_hash, issued_by, expires_at, purpose, holder)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_hash) DO NOTHING RETURNING id`,
        [campaignId, signatoryId, hashOf(token), issuedBy, expiresAt, purpose, holder ? JSON.stringify(holder) : null],
      );
      if (inserted.length > 0) {
        if (!holder) await revokeOthers(manager, campaignId, signatoryId, inserted[0].id, purpose);
        return { linkId: inserted[0].id, token, expiresAt };
      }
      const [stored] = await manager.query(`SELECT id, expires_at FROM signatory_link WHERE token_hash = $1 AND campaign_id = $2 AND signatory_id = $3`, [
        hashOf(token),
        campaignId,
        signatoryId,
      ]);
      if (!stored) throw new Error(`the link token derived for ${campaignId}/${signatoryId} is held by another signatory`);
      return { linkId: stored.id, token, expiresAt: new Date(stored.expires_at).toISOString() };
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
    const purpose = linkPurposeOf(token);
    if (!purpose) return undefined;
    const rows = await this.dataSource.query(
      `SELECT l.id, l.campaign_id, l.signatory_id, l.failed_codes, l.locked_at, l.holder FROM signatory_link l
       JOIN campaign_view c ON c.id = l.campaign_id
       WHERE l.token_hash = $1 AND l.purpose = $2 AND l.revoked_at IS NULL AND l.expires_at > now() AND c.phase NOT IN ('signed', 'cancelled')`,
      [hashOf(token), purpose],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      linkId: row.id,
      campaignId: row.campaign_id,
      signatoryId: row.signatory_id,
      purpose,
      locked: row.locked_at !== null,
      failedCodes: row.failed_codes,
      ...(row.holder ? { holder: { name: row.holder.name, email: row.holder.email } } : {}),
    };
  }
}
