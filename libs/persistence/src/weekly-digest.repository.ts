import { DataSource } from 'typeorm';
import { DEFAULT_PREFERENCES } from '@ctg/domain';

export interface DigestRecipient {
  administratorId: string;
  email: string;
}

/** A campaign held by the administrator's organisations, as the week ends. */
export interface DigestCampaign {
  id: string;
  title: string;
  phase: string;
  deliberationDeadline: string;
  deadlinePassed: boolean;
  blocked: boolean;
  /** The week's events by type; a deliberation's by decision too (`DeliberationRecorded:rejected`). */
  happened: Record<string, number>;
  /** Bodies with no final decision, in the campaign's order. */
  undecided: string[];
  /** Required bodies that rejected: the signature waits for them. */
  blocking: string[];
  total: number;
  adopted: number;
}

export interface DigestClaim {
  messageId: string;
  periodStart: string;
  periodEnd: string;
  /** `sending`: claimed now, or by an attempt that stopped before marking it (sent again, same Message-ID). */
  status: 'sending' | 'sent' | 'empty';
}

/** The weekly digests: who receives one, what their campaigns did, and one claim per administrator and week. */
export class WeeklyDigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active administrators, members of an organisation, who did not turn the digest off. */
  async recipients(): Promise<DigestRecipient[]> {
    const rows: { id: string; email: string }[] = await this.dataSource.query(
      `SELECT a.id, a.email FROM administrator a
       WHERE a.disabled_at IS NULL
         AND EXISTS (SELECT 1 FROM organisation_member m WHERE m.administrator_id = a.id)
         AND COALESCE((SELECT p.email FROM notification_preference p WHERE p.administrator_id = a.id AND p.kind = 'weekly_digest'), $1)
       ORDER BY a.email`,
      [DEFAULT_PREFERENCES.weekly_digest.email],
    );
    return rows.map((r) => ({ administratorId: r.id, email: r.email }));
  }

  /**
   * Claims the administrator's digest of the week, for the period since their last digest (a week
   * before `periodEnd` for a first one); answers the claim already made when there is one.
   */
  async claim(administratorId: string, week: string, periodEnd: Date, messageId: string): Promise<DigestClaim> {
    const inserted = await this.dataSource.query(
      `INSERT INTO weekly_digest (administrator_id, week_of, period_start, period_end, message_id, status)
       SELECT $1, $2, COALESCE((SELECT max(period_end) FROM weekly_digest WHERE administrator_id = $1 AND week_of < $2), $3::timestamptz - interval '7 days'), $3, $4, 'sending'
       ON CONFLICT (administrator_id, week_of) DO NOTHING
       RETURNING message_id, period_start, period_end, status`,
      [administratorId, week, periodEnd, messageId],
    );
    const [row] = inserted.length > 0
      ? inserted
      : await this.dataSource.query(`SELECT message_id, period_start, period_end, status FROM weekly_digest WHERE administrator_id = $1 AND week_of = $2`, [administratorId, week]);
    return { messageId: row.message_id, periodStart: new Date(row.period_start).toISOString(), periodEnd: new Date(row.period_end).toISOString(), status: row.status };
  }

  async settle(administratorId: string, week: string, status: 'sent' | 'empty'): Promise<void> {
    await this.dataSource.query(
      `UPDATE weekly_digest SET status = $3::varchar, sent_at = CASE WHEN $3::varchar = 'sent' THEN now() END WHERE administrator_id = $1 AND week_of = $2`,
      [administratorId, week, status],
    );
  }

  /** The campaigns the administrator's organisations hold, with what happened in the period. */
  async campaigns(administratorId: string, from: string, to: string): Promise<DigestCampaign[]> {
    const campaigns: { id: string; title: string; phase: string; deliberation_deadline: string; deadline_passed: boolean; blocked: boolean }[] =
      await this.dataSource.query(
        `SELECT c.id, c.title, c.phase, c.deliberation_deadline, c.deadline_passed, c.blocked FROM campaign_view c
         WHERE c.id IN (SELECT co.campaign_id FROM campaign_organisation co
                        JOIN organisation_member m ON m.organisation_id = co.organisation_id WHERE m.administrator_id = $1)
         ORDER BY c.title, c.id`,
        [administratorId],
      );
    if (campaigns.length === 0) return [];
    const ids = campaigns.map((c) => c.id);
    const events: { campaign_id: string; what: string; n: number }[] = await this.dataSource.query(
      `SELECT campaign_id, type || COALESCE(':' || (data->'deliberation'->>'decision'), '') AS what, count(*)::int AS n
       FROM campaign_event WHERE campaign_id = ANY($1) AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2`,
      [ids, from, to],
    );
    const bodies: { campaign_id: string; name: string; status: string; required: boolean; blocking: boolean }[] = await this.dataSource.query(
      `SELECT campaign_id, name, status, required, blocking FROM signatory_view WHERE campaign_id = ANY($1) ORDER BY campaign_id, position`,
      [ids],
    );
    return campaigns.map((c) => {
      const mine = bodies.filter((b) => b.campaign_id === c.id);
      return {
        id: c.id,
        title: c.title,
        phase: c.phase,
        deliberationDeadline: c.deliberation_deadline,
        deadlinePassed: c.deadline_passed,
        blocked: c.blocked,
        happened: Object.fromEntries(events.filter((e) => e.campaign_id === c.id).map((e) => [e.what, e.n])),
        undecided: mine.filter((b) => b.status !== 'adopted' && b.status !== 'rejected').map((b) => b.name),
        blocking: mine.filter((b) => b.required && b.blocking).map((b) => b.name),
        total: mine.length,
        adopted: mine.filter((b) => b.status === 'adopted').length,
      };
    });
  }
}
