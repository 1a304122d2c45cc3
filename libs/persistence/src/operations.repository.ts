import { DataSource } from 'typeorm';

/** One outbox's e-mails not yet sent: how many, and how long the oldest has waited. */
export interface OutboxBacklog {
  outbox: 'notification' | 'reminder' | 'personal_link' | 'webhook';
  pending: number;
  /** Seconds since the oldest one was due; 0 when none waits. */
  oldestSeconds: number;
}

/**
 * What an operator watches, read at scrape or probe time. Every query reads an index or a small
 * table, so a scrape every few seconds costs little (see docs/operations.md).
 */
export class OperationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The cheapest answer PostgreSQL gives: readiness asks it every few seconds. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async outboxBacklog(): Promise<OutboxBacklog[]> {
    const rows: { outbox: OutboxBacklog['outbox']; pending: string; oldest: string | null }[] = await this.dataSource.query(`
      SELECT 'notification' AS outbox, count(*) AS pending, extract(epoch FROM now() - min(email_due_at)) AS oldest
        FROM notification WHERE email_status IN ('pending', 'sending') AND email_due_at <= now()
      UNION ALL
      SELECT 'reminder', count(*), extract(epoch FROM now() - min(created_at)) FROM reminder_outbox WHERE status = 'sending'
      UNION ALL
      SELECT 'personal_link', count(*), extract(epoch FROM now() - min(created_at)) FROM personal_link_outbox WHERE status = 'sending'
      UNION ALL
      -- Deliveries due: one waiting out its backoff after a receiver's refusal is not late yet.
      SELECT 'webhook', count(*), extract(epoch FROM now() - min(next_attempt_at))
        FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= now()`);
    return rows.map((r) => ({ outbox: r.outbox, pending: Number(r.pending), oldestSeconds: Math.max(0, Number(r.oldest ?? 0)) }));
  }

  /** Campaigns not yet signed or cancelled, by phase. */
  async openCampaignsByPhase(): Promise<{ phase: string; campaigns: number }[]> {
    const rows: { phase: string; campaigns: string }[] = await this.dataSource.query(
      `SELECT phase, count(*) AS campaigns FROM campaign_view WHERE phase NOT IN ('signed', 'cancelled') GROUP BY phase`,
    );
    return rows.map((r) => ({ phase: r.phase, campaigns: Number(r.campaigns) }));
  }

  /**
   * Events in the record that the read model does not show yet, over the open campaigns (each read
   * from the end of its index). Appends project in the same transaction, so anything but 0 means a
   * projection was dropped or is being rebuilt.
   */
  async projectionLag(): Promise<number> {
    const [row]: { behind: string | null }[] = await this.dataSource.query(`
      SELECT sum(greatest(0, (SELECT max(seq) FROM campaign_event e WHERE e.campaign_id = v.id) - v.last_seq)) AS behind
        FROM campaign_view v WHERE v.phase NOT IN ('signed', 'cancelled')`);
    return Number(row?.behind ?? 0);
  }
}
