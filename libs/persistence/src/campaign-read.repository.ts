import { DataSource } from 'typeorm';
import { LEGAL_FOLLOW_UP_REQUIRED } from '@ctg/domain';
import type { CampaignCounts, Phase, SignatoryStatus } from '@ctg/domain';

/** The domain's counts, where `pending` also counts those with a session planned, plus the late ones. */
export interface CampaignCountsView extends CampaignCounts {
  late: number;
}

export interface CampaignSummaryView {
  id: string;
  title: string;
  territory: { name: string; siren?: string };
  phase: string;
  blocked: boolean;
  deliberationDeadline: string;
  deadlinePassed: boolean;
  conference: { heldOn: string; notes?: string } | null;
  signature: { signedOn: string; signedBy: string[] } | null;
  cancellation: { reason: string } | null;
  lastSeq: number;
  launchedAt: string;
  updatedAt: string;
  counts: CampaignCountsView;
}

export interface SignatoryRowView {
  id: string;
  name: string;
  kind: string;
  email: string;
  required: boolean;
  status: string;
  sessionDate: string | null;
  deliberation: Record<string, unknown> | null;
  late: boolean;
  remindersSent: number;
  lastReminderAt: string | null;
  /** Contrôle de légalité: transmittedOn, actesId, acknowledgedAt, executoryOn, as recorded. */
  legalFollowUp: Record<string, string> | null;
  /** When an administrator last had a personal link e-mailed (PersonalLinkSent), or null. */
  lastLinkSentAt: string | null;
}

const COUNTS_SQL = `
  SELECT campaign_id,
    count(*)::int AS total,
    count(*) FILTER (WHERE status = 'adopted')::int AS adopted,
    count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
    count(*) FILTER (WHERE status = 'adjourned')::int AS adjourned,
    count(*) FILTER (WHERE status IN ('pending', 'scheduled'))::int AS pending,
    count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled,
    count(*) FILTER (WHERE late)::int AS late
  FROM signatory_view`;

interface CampaignRow {
  id: string;
  title: string;
  territory: { name: string; siren?: string };
  phase: string;
  blocked: boolean;
  deliberation_deadline: string;
  deadline_passed: boolean;
  conference: CampaignSummaryView['conference'];
  signature: CampaignSummaryView['signature'];
  cancellation: CampaignSummaryView['cancellation'];
  last_seq: number;
  launched_at: Date;
  updated_at: Date;
  total: number | null;
  adopted: number | null;
  rejected: number | null;
  adjourned: number | null;
  pending: number | null;
  scheduled: number | null;
  late: number | null;
}

function toSummary(r: CampaignRow): CampaignSummaryView {
  return {
    id: r.id,
    title: r.title,
    territory: r.territory,
    phase: r.phase,
    blocked: r.blocked,
    deliberationDeadline: r.deliberation_deadline,
    deadlinePassed: r.deadline_passed,
    conference: r.conference,
    signature: r.signature,
    cancellation: r.cancellation,
    lastSeq: r.last_seq,
    launchedAt: new Date(r.launched_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    counts: {
      total: r.total ?? 0,
      adopted: r.adopted ?? 0,
      rejected: r.rejected ?? 0,
      adjourned: r.adjourned ?? 0,
      pending: r.pending ?? 0,
      scheduled: r.scheduled ?? 0,
      late: r.late ?? 0,
    },
  };
}

/** The read models as the API serves them. */
export class CampaignReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<CampaignSummaryView[]> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT c.*, k.total, k.adopted, k.rejected, k.adjourned, k.pending, k.scheduled, k.late
       FROM campaign_view c LEFT JOIN (${COUNTS_SQL} GROUP BY campaign_id) k ON k.campaign_id = c.id
       ORDER BY c.launched_at DESC, c.id`,
    );
    return rows.map(toSummary);
  }

  async find(campaignId: string): Promise<CampaignSummaryView | undefined> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT c.*, k.total, k.adopted, k.rejected, k.adjourned, k.pending, k.scheduled, k.late
       FROM campaign_view c LEFT JOIN (${COUNTS_SQL} WHERE campaign_id = $1 GROUP BY campaign_id) k ON k.campaign_id = c.id
       WHERE c.id = $1`,
      [campaignId],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** How the campaign was launched, and where it stands: what a repeated launch is compared with. */
  async launched(campaignId: string): Promise<{ definition: Record<string, unknown>; phase: Phase } | undefined> {
    const rows = await this.dataSource.query(`SELECT definition, phase FROM campaign_view WHERE id = $1`, [campaignId]);
    return rows[0] ? { definition: rows[0].definition, phase: rows[0].phase } : undefined;
  }

  async lastSeq(campaignId: string): Promise<number | undefined> {
    const rows = await this.dataSource.query(`SELECT last_seq FROM campaign_view WHERE id = $1`, [campaignId]);
    return rows[0]?.last_seq;
  }

  async requiredPending(campaignId: string): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT signatory_id FROM signatory_view WHERE campaign_id = $1 AND required AND status <> 'adopted' ORDER BY position`,
      [campaignId],
    );
    return rows.map((r: { signatory_id: string }) => r.signatory_id);
  }

  /**
   * Adopted deliberations whose follow-up lacks one of the domain's required facts (transmission,
   * acknowledgment, executory day): a recorded follow-up holds no empty field, so a key is a fact.
   */
  async legalFollowUpMissing(campaignId: string): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT signatory_id FROM signatory_view
       WHERE campaign_id = $1 AND status = 'adopted' AND NOT coalesce(legal_follow_up ?& $2::text[], false)
       ORDER BY position`,
      [campaignId, LEGAL_FOLLOW_UP_REQUIRED],
    );
    return rows.map((r: { signatory_id: string }) => r.signatory_id);
  }

  async signatories(campaignId: string, signatoryId?: string): Promise<SignatoryRowView[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM signatory_view WHERE campaign_id = $1 AND ($2::text IS NULL OR signatory_id = $2) ORDER BY position`,
      [campaignId, signatoryId ?? null],
    );
    return rows.map(
      (r: {
        signatory_id: string; name: string; kind: string; email: string; required: boolean; status: string;
        session_date: string | null; deliberation: Record<string, unknown> | null; late: boolean;
        reminders_sent: number; last_reminder_at: Date | null; legal_follow_up: Record<string, string> | null;
        last_link_sent_at: Date | null;
      }) => ({
        id: r.signatory_id,
        name: r.name,
        kind: r.kind,
        email: r.email,
        required: r.required,
        status: r.status,
        sessionDate: r.session_date,
        deliberation: r.deliberation,
        late: r.late,
        remindersSent: r.reminders_sent,
        lastReminderAt: r.last_reminder_at ? new Date(r.last_reminder_at).toISOString() : null,
        legalFollowUp: r.legal_follow_up,
        lastLinkSentAt: r.last_link_sent_at ? new Date(r.last_link_sent_at).toISOString() : null,
      }),
    );
  }

  /**
   * The body's status and its campaign's phase, as recorded: what a reminder checks right before
   * each attempt to send it. Undefined when the read model holds no such body.
   */
  async standing(campaignId: string, signatoryId: string): Promise<{ phase: Phase; status: SignatoryStatus } | undefined> {
    const rows = await this.dataSource.query(
      `SELECT c.phase, s.status FROM signatory_view s JOIN campaign_view c ON c.id = s.campaign_id
       WHERE s.campaign_id = $1 AND s.signatory_id = $2`,
      [campaignId, signatoryId],
    );
    return rows[0] ? { phase: rows[0].phase, status: rows[0].status } : undefined;
  }

  /** The cheap check a write makes first: the campaign's phase, and whether it has this signatory. */
  async locate(campaignId: string, signatoryId: string): Promise<{ phase: string; hasSignatory: boolean } | undefined> {
    const rows = await this.dataSource.query(
      `SELECT c.phase, EXISTS (SELECT 1 FROM signatory_view s WHERE s.campaign_id = c.id AND s.signatory_id = $2) AS found
       FROM campaign_view c WHERE c.id = $1`,
      [campaignId, signatoryId],
    );
    return rows[0] ? { phase: rows[0].phase, hasSignatory: rows[0].found } : undefined;
  }
}
