import { DataSource } from 'typeorm';
import { LEGAL_FOLLOW_UP_REQUIRED } from '@ctg/domain';
import type { CampaignCounts, CampaignState, Phase, SignatoryStatus } from '@ctg/domain';
import { readCampaignState } from './campaign-projection';
import { CampaignViewRow, SignatoryViewRow, campaignView, signatoryView } from './read-models';

/** The domain's counts, where `pending` also counts those with a session planned, plus the late ones. */
export interface CampaignCountsView extends CampaignCounts {
  late: number;
}

/** A campaign's row as the API shows it, times as ISO strings, with its signatories counted. */
export type CampaignSummaryView = Omit<CampaignViewRow, 'definition' | 'launchedAt' | 'updatedAt'> & {
  launchedAt: string;
  updatedAt: string;
  counts: CampaignCountsView;
};

/** A signatory's row as the API shows it: without what only the projection needs, times as ISO strings. */
export type SignatoryRowView = Omit<SignatoryViewRow, 'campaignId' | 'position' | 'deliberationSeq' | 'blocking' | 'lastReminderAt' | 'lastLinkSentAt'> & {
  lastReminderAt: string | null;
  lastLinkSentAt: string | null;
};

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

const CAMPAIGN_WITH_COUNTS = `${campaignView.select('c')}, k.total, k.adopted, k.rejected, k.adjourned, k.pending, k.scheduled, k.late`;

type CampaignRow = CampaignViewRow & { [K in keyof CampaignCountsView]: number | null };

const isoOrNull = (time: Date | null) => time?.toISOString() ?? null;

function toSummary({ definition: _d, total, adopted, rejected, adjourned, pending, scheduled, late, ...campaign }: CampaignRow): CampaignSummaryView {
  return {
    ...campaign,
    launchedAt: campaign.launchedAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
    counts: {
      total: total ?? 0,
      adopted: adopted ?? 0,
      rejected: rejected ?? 0,
      adjourned: adjourned ?? 0,
      pending: pending ?? 0,
      scheduled: scheduled ?? 0,
      late: late ?? 0,
    },
  };
}

function toSignatoryRowView({ campaignId: _c, position: _p, deliberationSeq: _d, blocking: _b, ...shown }: SignatoryViewRow): SignatoryRowView {
  return { ...shown, lastReminderAt: isoOrNull(shown.lastReminderAt), lastLinkSentAt: isoOrNull(shown.lastLinkSentAt) };
}

/** The read models as the API serves them. */
export class CampaignReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The domain's state of the campaign from the read models (every signatory, or those named), or undefined if unknown. */
  async state(campaignId: string, signatoryIds?: string[]): Promise<CampaignState | undefined> {
    return readCampaignState(this.dataSource.manager, campaignId, signatoryIds);
  }

  /** The campaigns held by the organisations the administrator belongs to. */
  async list(administratorId: string): Promise<CampaignSummaryView[]> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT ${CAMPAIGN_WITH_COUNTS}
       FROM campaign_view c LEFT JOIN (${COUNTS_SQL} GROUP BY campaign_id) k ON k.campaign_id = c.id
       WHERE c.id IN (SELECT co.campaign_id FROM campaign_organisation co
                      JOIN organisation_member m ON m.organisation_id = co.organisation_id WHERE m.administrator_id = $1)
       ORDER BY c.launched_at DESC, c.id`,
      [administratorId],
    );
    return rows.map(toSummary);
  }

  async find(campaignId: string): Promise<CampaignSummaryView | undefined> {
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT ${CAMPAIGN_WITH_COUNTS}
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
    const rows: SignatoryViewRow[] = await this.dataSource.query(
      `SELECT ${signatoryView.select()} FROM signatory_view
       WHERE campaign_id = $1 AND ($2::text IS NULL OR signatory_id = $2) ORDER BY position`,
      [campaignId, signatoryId ?? null],
    );
    return rows.map(toSignatoryRowView);
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
