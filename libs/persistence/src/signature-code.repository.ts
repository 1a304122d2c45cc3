import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The fifth wrong code locks the signature link: an administrator sends a new one. */
export const MAX_WRONG_CODES = 5;

/** What a code given with a signature link turned out to be. */
export type SignatureCodeCheck =
  | { outcome: 'valid'; seq: number }
  | { outcome: 'wrong' | 'expired'; attemptsLeft: number; locked: boolean }
  | { outcome: 'none' }
  | { outcome: 'locked' };

/** The campaign and event seq are in the hash: the same code sent twice never hashes the same. */
function codeHash(campaignId: string, seq: number, code: string): Buffer {
  return createHash('sha256').update(JSON.stringify([campaignId, seq, code])).digest();
}

/**
 * Codes to sign with: only a hash of each, keyed by its `SignatureCodeSent` event, and only the
 * last one sent to a body signs. Wrong and expired codes are counted on the link that gave them.
 */
export class SignatureCodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the code of one event; a retried send of the same event changes nothing. */
  async store(request: { campaignId: string; seq: number; signatoryId: string; code: string; expiresAt: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO signature_code (campaign_id, seq, signatory_id, code_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (campaign_id, seq) DO NOTHING`,
      [request.campaignId, request.seq, request.signatoryId, codeHash(request.campaignId, request.seq, request.code).toString('hex'), request.expiresAt],
    );
  }

  /** The last code sent to the body, if its e-mail went out: when it expires, and whether it was used. */
  async latest(campaignId: string, signatoryId: string): Promise<{ seq: number; expiresAt: string; used: boolean } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT seq, expires_at, used_at FROM signature_code WHERE campaign_id = $1 AND signatory_id = $2 ORDER BY seq DESC LIMIT 1`,
      [campaignId, signatoryId],
    );
    return row ? { seq: row.seq, expiresAt: new Date(row.expires_at).toISOString(), used: row.used_at !== null } : undefined;
  }

  /**
   * Checks a code given with a signature link against the body's last code, the link's row locked
   * so that concurrent guesses are counted one by one; a wrong or expired code is counted, and the
   * fifth locks the link.
   */
  async check(linkId: string, campaignId: string, signatoryId: string, code: string): Promise<SignatureCodeCheck> {
    return this.dataSource.transaction(async (manager) => {
      const [link] = await manager.query(`SELECT failed_codes, locked_at FROM signatory_link WHERE id = $1 FOR UPDATE`, [linkId]);
      if (!link || link.locked_at !== null) return { outcome: 'locked' };
      const [latest] = await manager.query(
        `SELECT seq, code_hash, expires_at, used_at FROM signature_code WHERE campaign_id = $1 AND signatory_id = $2 ORDER BY seq DESC LIMIT 1`,
        [campaignId, signatoryId],
      );
      if (!latest) return { outcome: 'none' };
      const matches = /^[0-9]{6}$/.test(code) && timingSafeEqual(Buffer.from(latest.code_hash, 'hex'), codeHash(campaignId, latest.seq, code));
      const expired = latest.used_at !== null || new Date(latest.expires_at).getTime() <= Date.now();
      if (matches && !expired) return { outcome: 'valid', seq: latest.seq };
      const failed = link.failed_codes + 1;
      const locked = failed >= MAX_WRONG_CODES;
      await manager.query(`UPDATE signatory_link SET failed_codes = $2, locked_at = CASE WHEN $3 THEN now() ELSE locked_at END WHERE id = $1`, [linkId, failed, locked]);
      return { outcome: matches ? 'expired' : 'wrong', attemptsLeft: Math.max(0, MAX_WRONG_CODES - failed), locked };
    });
  }

  /** The code signed: it signs nothing more. */
  async markUsed(campaignId: string, seq: number): Promise<void> {
    await this.dataSource.query(`UPDATE signature_code SET used_at = now() WHERE campaign_id = $1 AND seq = $2 AND used_at IS NULL`, [campaignId, seq]);
  }
}
