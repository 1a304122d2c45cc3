import { DataSource } from 'typeorm';

export interface PersonalLinkOutboxEntry {
  campaignId: string;
  /** Seq of the `PersonalLinkSent` event the e-mail carries out. */
  seq: number;
  signatoryId: string;
  messageId: string;
  recipients: string[];
}

export interface PersonalLinkOutboxState {
  status: 'sending' | 'sent';
  sentAt?: string;
  recipients: string[];
}

/**
 * One row per personal link e-mail, keyed by its event (campaign, seq), written before the e-mail
 * goes out and marked sent after: a retried activity finds the row sent and does not send again.
 */
export class PersonalLinkOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims the e-mail; returns its state when an earlier attempt already claimed it. */
  async claim(entry: PersonalLinkOutboxEntry): Promise<PersonalLinkOutboxState | undefined> {
    const inserted = await this.dataSource.query(
      `INSERT INTO personal_link_outbox (campaign_id, seq, signatory_id, message_id, recipients, status)
       VALUES ($1, $2, $3, $4, $5, 'sending') ON CONFLICT DO NOTHING RETURNING seq`,
      [entry.campaignId, entry.seq, entry.signatoryId, entry.messageId, JSON.stringify(entry.recipients)],
    );
    if (inserted.length > 0) return undefined;
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[row]] = await this.dataSource.query(
      `UPDATE personal_link_outbox SET attempts = attempts + 1 WHERE campaign_id = $1 AND seq = $2
       RETURNING status, sent_at, recipients`,
      [entry.campaignId, entry.seq],
    );
    return { status: row.status, sentAt: row.sent_at?.toISOString(), recipients: row.recipients };
  }

  async markSent(campaignId: string, seq: number): Promise<string> {
    const [[row]] = await this.dataSource.query(
      `UPDATE personal_link_outbox SET status = 'sent', sent_at = now() WHERE campaign_id = $1 AND seq = $2 RETURNING sent_at`,
      [campaignId, seq],
    );
    return new Date(row.sent_at).toISOString();
  }
}
