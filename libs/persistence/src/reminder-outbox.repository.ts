import { DataSource } from 'typeorm';

export interface OutboxEntry {
  campaignId: string;
  signatoryId: string;
  number: number;
  messageId: string;
  recipients: string[];
  copies: string[];
}

export interface OutboxState {
  status: 'sending' | 'sent';
  sentAt?: string;
  /** The Message-ID of the first attempt, which a re-sent copy keeps. */
  messageId: string;
  recipients: string[];
  copies: string[];
  /** When the administrators' message of an escalated reminder went out, once sent. */
  copySentAt?: string;
}

export interface OutboxKey {
  campaignId: string;
  signatoryId: string;
  number: number;
}

const STATE_COLUMNS = 'status, sent_at, message_id, recipients, copies, copy_sent_at';

function toState(row: { status: OutboxState['status']; sent_at: Date | null; message_id: string; recipients: string[]; copies: string[]; copy_sent_at: Date | null }): OutboxState {
  return {
    status: row.status,
    sentAt: row.sent_at?.toISOString(),
    messageId: row.message_id,
    recipients: row.recipients,
    copies: row.copies,
    copySentAt: row.copy_sent_at?.toISOString(),
  };
}

/**
 * One row per reminder, keyed by (campaign, signatory, number), written before the e-mail goes
 * out and marked sent after: a retried activity finds the row and does not send again. The
 * administrators' message of an escalated reminder is marked sent on its own.
 */
export class ReminderOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the reminder; returns its state when another attempt already claimed it. Only the key
   * makes two attempts the same reminder: a Message-ID already used by another reminder is an
   * error (a unique violation), not a claim of that other reminder.
   */
  async claim(entry: OutboxEntry): Promise<OutboxState | undefined> {
    const inserted = await this.dataSource.query(
      `INSERT INTO reminder_outbox (campaign_id, signatory_id, number, message_id, recipients, copies, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending') ON CONFLICT (campaign_id, signatory_id, number) DO NOTHING RETURNING number`,
      [entry.campaignId, entry.signatoryId, entry.number, entry.messageId, JSON.stringify(entry.recipients), JSON.stringify(entry.copies)],
    );
    if (inserted.length > 0) return undefined;
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[row]] = await this.dataSource.query(
      `UPDATE reminder_outbox SET attempts = attempts + 1
       WHERE campaign_id = $1 AND signatory_id = $2 AND number = $3
       RETURNING ${STATE_COLUMNS}`,
      [entry.campaignId, entry.signatoryId, entry.number],
    );
    if (!row) throw new Error(`reminder ${entry.number} of ${entry.campaignId}/${entry.signatoryId}: claimed, yet its outbox row is gone`);
    return toState(row);
  }

  /** The reminder's state, without counting an attempt; undefined when no attempt claimed it yet. */
  async find(key: OutboxKey): Promise<OutboxState | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${STATE_COLUMNS} FROM reminder_outbox WHERE campaign_id = $1 AND signatory_id = $2 AND number = $3`,
      [key.campaignId, key.signatoryId, key.number],
    );
    return row ? toState(row) : undefined;
  }

  /**
   * Gives a claim back after an attempt that failed before the SMTP server took the e-mail: the
   * next attempt reads the record again. A claim never given back is an attempt that stopped
   * without knowing (a crash), whose e-mail may have gone out.
   */
  async release(key: OutboxKey): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM reminder_outbox WHERE campaign_id = $1 AND signatory_id = $2 AND number = $3 AND status = 'sending'`,
      [key.campaignId, key.signatoryId, key.number],
    );
  }

  async markSent(campaignId: string, signatoryId: string, number: number): Promise<string> {
    const [[row]] = await this.dataSource.query(
      `UPDATE reminder_outbox SET status = 'sent', sent_at = now()
       WHERE campaign_id = $1 AND signatory_id = $2 AND number = $3 RETURNING sent_at`,
      [campaignId, signatoryId, number],
    );
    return new Date(row.sent_at).toISOString();
  }

  async markCopySent(key: OutboxKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE reminder_outbox SET copy_sent_at = now() WHERE campaign_id = $1 AND signatory_id = $2 AND number = $3`,
      [key.campaignId, key.signatoryId, key.number],
    );
  }
}
