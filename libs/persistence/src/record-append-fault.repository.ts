import { DataSource } from 'typeorm';

/** A campaign whose record is stuck: its events are in its workflow, PostgreSQL refuses to store them. */
export interface RecordAppendFault {
  campaignId: string;
  /** When the first append of the stuck batch failed. */
  since: string;
  lastFailedAt: string;
  attempts: number;
  /** The seqs of the batch that cannot be stored. */
  seqs: { from: number; to: number };
  lastError: string;
}

/** PostgreSQL's own words only: its DETAIL and CONTEXT may quote the event, which health shows to anyone. */
const ERROR_LENGTH = 500;

interface FaultRow {
  campaign_id: string;
  first_failed_at: Date;
  last_failed_at: Date;
  attempts: number;
  first_seq: number;
  last_seq: number;
  last_error: string;
}

function toFault(r: FaultRow): RecordAppendFault {
  return {
    campaignId: r.campaign_id,
    since: new Date(r.first_failed_at).toISOString(),
    lastFailedAt: new Date(r.last_failed_at).toISOString(),
    attempts: r.attempts,
    seqs: { from: r.first_seq, to: r.last_seq },
    lastError: r.last_error,
  };
}

/** The campaigns whose record cannot take their next events (migration 1732839000000). */
export class RecordAppendFaultRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One more failed attempt: in its own statement, outside the append's transaction that failed. */
  async failed(campaignId: string, seqs: { from: number; to: number }, error: string): Promise<RecordAppendFault> {
    const [row]: FaultRow[] = await this.dataSource.query(
      `INSERT INTO record_append_fault AS f (campaign_id, first_failed_at, last_failed_at, attempts, first_seq, last_seq, last_error)
       VALUES ($1, now(), now(), 1, $2, $3, $4)
       ON CONFLICT (campaign_id) DO UPDATE SET
         last_failed_at = now(), attempts = f.attempts + 1,
         first_seq = EXCLUDED.first_seq, last_seq = EXCLUDED.last_seq, last_error = EXCLUDED.last_error
       RETURNING *`,
      [campaignId, seqs.from, seqs.to, error.slice(0, ERROR_LENGTH)],
    );
    return toFault(row);
  }

  /** The record took the campaign's events again. */
  async cleared(campaignId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM record_append_fault WHERE campaign_id = $1`, [campaignId]);
  }

  async ofCampaign(campaignId: string): Promise<RecordAppendFault | undefined> {
    const rows: FaultRow[] = await this.dataSource.query(`SELECT * FROM record_append_fault WHERE campaign_id = $1`, [campaignId]);
    return rows[0] ? toFault(rows[0]) : undefined;
  }

  /** The stuck campaigns, the longest stuck first. */
  async stuck(limit = 100): Promise<RecordAppendFault[]> {
    const rows: FaultRow[] = await this.dataSource.query(`SELECT * FROM record_append_fault ORDER BY first_failed_at, campaign_id LIMIT $1`, [limit]);
    return rows.map(toFault);
  }
}
