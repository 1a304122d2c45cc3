import { Pool } from 'pg';
import { Percentiles, percentiles, sleep } from './measure';

interface Tracked {
  campaignId: string;
  signatoryId: string;
  sentAt: number;
  answeredAt?: number;
  /** `occurred_at` of the DeliberationRecorded row: when the campaign workflow decided the vote. */
  decidedAt?: number;
  /** The first poll that saw the event row in campaign_event. */
  rowSeenAt?: number;
  /** The first poll after the answer that saw the decision in signatory_view. */
  viewSeenAt?: number;
}

export interface LagReport {
  pollIntervalMs: number;
  tracked: number;
  /** Votes whose event row was never seen (should be 0), acknowledged or not. */
  rowsMissing: number;
  /** Of those, votes the API acknowledged (2xx): a lost vote. Must be 0. */
  acknowledgedRowsMissing: number;
  /** Decided in the workflow (occurred_at) → the event row visible in campaign_event: the projection lag proper. */
  decidedToEventRowMs: Percentiles;
  /** The event row visible → the API's answer (positive: the row was there that long before the answer went out). */
  eventRowToAnswerMs: Percentiles;
  /** The API's answer → the decision visible in signatory_view (read-your-writes: 0 up to the poll interval). */
  answerToSignatoryViewMs: Percentiles;
  /** Share of answered votes whose signatory_view row was already up to date at the first check after the answer. */
  visibleAtFirstCheck: number;
}

/**
 * Watches PostgreSQL while votes go through: every `intervalMs` one query reads the new rows of
 * campaign_event for the campaigns with votes in flight (by seq, on the primary key), and one reads
 * signatory_view for the votes answered but not yet seen there. Times are upper bounds of when a
 * row became visible, to within one poll interval.
 */
export class LagTracker {
  private readonly votes = new Map<string, Tracked>();
  private readonly lastSeq = new Map<string, number>();
  private readonly checkedOnce = new Set<string>();
  private firstCheckHits = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pool: Pool;
  errors = 0;

  constructor(databaseUrl: string, private readonly intervalMs = 25) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
  }

  private key(campaignId: string, signatoryId: string) {
    return `${campaignId}\u0000${signatoryId}`;
  }

  /** The seq already stored for each campaign before the votes, so only new rows are read. */
  async prime(campaignIds: string[]): Promise<void> {
    const rows = await this.pool.query<{ campaign_id: string; seq: number }>(
      `SELECT campaign_id, max(seq)::int AS seq FROM campaign_event WHERE campaign_id = ANY($1) GROUP BY campaign_id`,
      [campaignIds],
    );
    for (const id of campaignIds) this.lastSeq.set(id, 0);
    for (const r of rows.rows) this.lastSeq.set(r.campaign_id, r.seq);
  }

  sent(campaignId: string, signatoryId: string, at = Date.now()): void {
    this.votes.set(this.key(campaignId, signatoryId), { campaignId, signatoryId, sentAt: at });
  }

  answered(campaignId: string, signatoryId: string, at: number): void {
    const vote = this.votes.get(this.key(campaignId, signatoryId));
    if (vote) vote.answeredAt = at;
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const started = Date.now();
        await this.poll().catch(() => void this.errors++);
        await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
      }
    })();
  }

  private async poll(): Promise<void> {
    const awaitingRow = new Set<string>();
    const awaitingView: Tracked[] = [];
    for (const vote of this.votes.values()) {
      if (vote.rowSeenAt === undefined) awaitingRow.add(vote.campaignId);
      if (vote.answeredAt !== undefined && vote.viewSeenAt === undefined) awaitingView.push(vote);
    }
    if (awaitingRow.size > 0) {
      const ids = [...awaitingRow];
      const at = Date.now();
      const rows = await this.pool.query<{ campaign_id: string; seq: number; type: string; sid: string | null; occurred_at: Date }>(
        `SELECT e.campaign_id, e.seq, e.type, e.data->>'signatoryId' AS sid, e.occurred_at
         FROM unnest($1::text[], $2::int[]) AS p(cid, after)
         JOIN campaign_event e ON e.campaign_id = p.cid AND e.seq > p.after`,
        [ids, ids.map((id) => this.lastSeq.get(id) ?? 0)],
      );
      for (const r of rows.rows) {
        if (r.seq > (this.lastSeq.get(r.campaign_id) ?? 0)) this.lastSeq.set(r.campaign_id, r.seq);
        if (r.type !== 'DeliberationRecorded' || !r.sid) continue;
        const vote = this.votes.get(this.key(r.campaign_id, r.sid));
        if (vote && vote.rowSeenAt === undefined) {
          vote.rowSeenAt = at;
          vote.decidedAt = new Date(r.occurred_at).getTime();
        }
      }
    }
    if (awaitingView.length > 0) {
      const at = Date.now();
      const rows = await this.pool.query<{ cid: string; sid: string }>(
        `SELECT p.cid, p.sid FROM unnest($1::text[], $2::text[]) AS p(cid, sid)
         JOIN signatory_view v ON v.campaign_id = p.cid AND v.signatory_id = p.sid
         WHERE v.deliberation IS NOT NULL`,
        [awaitingView.map((v) => v.campaignId), awaitingView.map((v) => v.signatoryId)],
      );
      const seen = new Set(rows.rows.map((r) => this.key(r.cid, r.sid)));
      for (const vote of awaitingView) {
        const key = this.key(vote.campaignId, vote.signatoryId);
        const first = !this.checkedOnce.has(key);
        this.checkedOnce.add(key);
        if (seen.has(key)) {
          vote.viewSeenAt = at;
          if (first) this.firstCheckHits++;
        }
      }
    }
  }

  /** Stops once every vote's rows are seen, or after `graceMs`. */
  async stop(graceMs = 10_000): Promise<LagReport> {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && [...this.votes.values()].some((v) => v.rowSeenAt === undefined || (v.answeredAt !== undefined && v.viewSeenAt === undefined))) {
      await sleep(this.intervalMs);
    }
    this.running = false;
    await this.loop;
    await this.pool.end();
    const votes = [...this.votes.values()];
    const answered = votes.filter((v) => v.answeredAt !== undefined);
    return {
      pollIntervalMs: this.intervalMs,
      tracked: votes.length,
      rowsMissing: votes.filter((v) => v.rowSeenAt === undefined).length,
      acknowledgedRowsMissing: answered.filter((v) => v.rowSeenAt === undefined).length,
      decidedToEventRowMs: percentiles(votes.filter((v) => v.rowSeenAt !== undefined).map((v) => v.rowSeenAt! - v.decidedAt!)),
      eventRowToAnswerMs: percentiles(answered.filter((v) => v.rowSeenAt !== undefined).map((v) => v.answeredAt! - v.rowSeenAt!)),
      answerToSignatoryViewMs: percentiles(answered.filter((v) => v.viewSeenAt !== undefined).map((v) => v.viewSeenAt! - v.answeredAt!)),
      visibleAtFirstCheck: answered.length ? Math.round((this.firstCheckHits / answered.length) * 1000) / 1000 : NaN,
    };
  }
}
