import { DataSource } from 'typeorm';
import { DEFAULT_PREFERENCES, NotificationKind, PREFERENCE_KINDS, Preference, PreferenceKind } from '@ctg/domain';
import { returnedRows } from './returned-rows';

/** A notification as its administrator reads it, with the campaign's title and the body's name. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  campaignId: string;
  campaignTitle: string;
  seq: number;
  signatoryId: string | null;
  signatoryName: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
  readAt: string | null;
}

/** A notification whose e-mail is due, with what the e-mail says and to whom. */
export interface NotificationMail extends NotificationView {
  to: string;
  attempts: number;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  campaign_id: string;
  campaign_title: string | null;
  seq: number;
  signatory_id: string | null;
  signatory_name: string | null;
  detail: Record<string, unknown>;
  occurred_at: Date;
  read_at: Date | null;
}

const VIEW_COLUMNS = `n.id, n.kind, n.campaign_id, c.title AS campaign_title, n.seq, n.signatory_id, s.name AS signatory_name,
  n.detail, n.occurred_at, n.read_at`;
const VIEW_JOINS = `LEFT JOIN campaign_view c ON c.id = n.campaign_id
  LEFT JOIN signatory_view s ON s.campaign_id = n.campaign_id AND s.signatory_id = n.signatory_id`;

function toView(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title ?? r.campaign_id,
    seq: r.seq,
    signatoryId: r.signatory_id,
    signatoryName: r.signatory_name,
    detail: r.detail,
    occurredAt: new Date(r.occurred_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** How long a claimed e-mail waits before another attempt takes it: a worker that died while sending. */
const CLAIM_MS = 120_000;

/**
 * The administrators' notifications: their inbox in the web interface, their choices, and the
 * outbox of the e-mails, claimed before sending and marked once the SMTP server took them (a
 * claim that outlives its attempt is sent again under the same Message-ID, as reminders are).
 */
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async inbox(administratorId: string, limit: number): Promise<{ notifications: NotificationView[]; unread: number }> {
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM notification n ${VIEW_JOINS}
       WHERE n.administrator_id = $1 AND n.in_app ORDER BY n.occurred_at DESC, n.seq DESC, n.position DESC LIMIT $2`,
      [administratorId, limit],
    );
    const [{ unread }] = await this.dataSource.query(
      `SELECT count(*)::int AS unread FROM notification WHERE administrator_id = $1 AND in_app AND read_at IS NULL`,
      [administratorId],
    );
    return { notifications: rows.map(toView), unread };
  }

  /** Marks these notifications read (all of them without ids); returns how many were unread. */
  async markRead(administratorId: string, ids?: string[]): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notification SET read_at = now()
         WHERE administrator_id = $1 AND in_app AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) RETURNING id`,
        [administratorId, ids ?? null],
      ),
    );
    return rows.length;
  }

  async preferences(administratorId: string): Promise<Record<PreferenceKind, Preference>> {
    const rows: { kind: PreferenceKind; email: boolean; in_app: boolean }[] = await this.dataSource.query(
      `SELECT kind, email, in_app FROM notification_preference WHERE administrator_id = $1`,
      [administratorId],
    );
    const chosen = new Map(rows.map((r) => [r.kind, { email: r.email, inApp: r.in_app }]));
    return Object.fromEntries(PREFERENCE_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_PREFERENCES[kind]])) as Record<PreferenceKind, Preference>;
  }

  async choose(administratorId: string, choices: Partial<Record<PreferenceKind, Preference>>): Promise<void> {
    const entries = Object.entries(choices).map(([kind, p]) => ({ kind, email: p.email, in_app: p.inApp }));
    if (entries.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO notification_preference (administrator_id, kind, email, in_app)
       SELECT $1, p.kind, p.email, p.in_app FROM jsonb_to_recordset($2::jsonb) AS p(kind text, email boolean, in_app boolean)
       ON CONFLICT (administrator_id, kind) DO UPDATE SET email = EXCLUDED.email, in_app = EXCLUDED.in_app`,
      [administratorId, JSON.stringify(entries)],
    );
  }

  /** Claims up to `limit` e-mails due, oldest first; each worker takes its own (SKIP LOCKED). */
  async claimDueMails(limit: number): Promise<NotificationMail[]> {
    const claimed = returnedRows<{ id: string; attempts: number }>(
      await this.dataSource.query(
        `UPDATE notification n SET email_status = 'sending', email_attempts = n.email_attempts + 1,
           email_due_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM (SELECT id FROM notification WHERE email_status IN ('pending', 'sending') AND email_due_at <= now()
               ORDER BY email_due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
         WHERE n.id = due.id RETURNING n.id, n.email_attempts AS attempts`,
        [limit, CLAIM_MS],
      ),
    );
    if (claimed.length === 0) return [];
    const attempts = new Map(claimed.map((c) => [c.id, c.attempts]));
    const rows: (NotificationRow & { email: string })[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS}, a.email FROM notification n ${VIEW_JOINS}
       JOIN administrator a ON a.id = n.administrator_id WHERE n.id = ANY($1::uuid[]) ORDER BY n.occurred_at, n.seq, n.position`,
      [[...attempts.keys()]],
    );
    return rows.map((r) => ({ ...toView(r), to: r.email, attempts: attempts.get(r.id) ?? 1 }));
  }

  async mailSent(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE notification SET email_status = 'sent', email_sent_at = now(), email_error = NULL WHERE id = $1`, [id]);
  }

  /** The e-mail failed: tried again at `retryAt`, or never (refused for good, or too many attempts). */
  async mailFailed(id: string, error: string, retryAt: Date | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET email_status = $2, email_error = $3, email_due_at = COALESCE($4, email_due_at) WHERE id = $1`,
      [id, retryAt ? 'pending' : 'failed', error.slice(0, 500), retryAt ?? null],
    );
  }
}
