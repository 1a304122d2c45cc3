import { EntityManager } from 'typeorm';
import { CampaignEvent, CampaignStanding, DEFAULT_PREFERENCES, NotableFact, notableFacts } from '@ctg/domain';

/** Events that may change what a campaign's standing compares: the others need no reading of it. */
const STANDING_EVENTS = new Set<string>([
  'DeliberationRecorded',
  'DeliberationCorrected',
  'DeliberationReopened',
  'DeadlinePassed',
  'SignatureOpened',
  'CampaignCancelled',
]);

/** Facts told by the event alone, whatever the standing. */
const FACT_EVENTS = new Set<string>(['DeliberationActAttached', 'PersonalLinkForwarded', 'ReminderRefused']);

const DEFAULTS_JSON = JSON.stringify(Object.entries(DEFAULT_PREFERENCES).map(([kind, p]) => ({ kind, email: p.email, in_app: p.inApp })));

/**
 * Around an append: reads the campaign's standing before the projection when the batch may change
 * it, and after, writes one notification per notable fact and administrator of the organisations
 * holding the campaign, as each chose (their e-mail's outbox row with it). Inside the append's
 * transaction: a notification exists exactly when its event does.
 */
export class CampaignNotifications {
  private before: CampaignStanding | undefined;
  private readonly needsStanding: boolean;

  private constructor(
    private readonly manager: EntityManager,
    private readonly events: readonly CampaignEvent[],
  ) {
    this.needsStanding = events.some((e) => STANDING_EVENTS.has(e.type));
  }

  static async before(manager: EntityManager, campaignId: string, events: readonly CampaignEvent[]): Promise<CampaignNotifications> {
    const notifications = new CampaignNotifications(manager, events);
    if (notifications.needsStanding) notifications.before = await standingOf(manager, campaignId);
    return notifications;
  }

  async after(campaignId: string): Promise<void> {
    if (!this.needsStanding && !this.events.some((e) => FACT_EVENTS.has(e.type))) return;
    const after = this.needsStanding ? await standingOf(this.manager, campaignId) : undefined;
    // Without a standing, only the facts of single events can come.
    const facts = notableFacts(this.events, this.before, after);
    if (facts.length > 0) await writeNotifications(this.manager, campaignId, facts);
  }
}

async function standingOf(manager: EntityManager, campaignId: string): Promise<CampaignStanding | undefined> {
  const [row]: { phase: string; blocked: boolean; required_pending: number; undecided: number }[] = await manager.query(
    `SELECT c.phase, c.blocked,
       count(s.signatory_id) FILTER (WHERE s.required AND s.status <> 'adopted')::int AS required_pending,
       count(s.signatory_id) FILTER (WHERE s.status NOT IN ('adopted', 'rejected'))::int AS undecided
     FROM campaign_view c LEFT JOIN signatory_view s ON s.campaign_id = c.id
     WHERE c.id = $1 GROUP BY c.phase, c.blocked`,
    [campaignId],
  );
  return row && { phase: row.phase, blocked: row.blocked, requiredPending: row.required_pending, undecided: row.undecided };
}

async function writeNotifications(manager: EntityManager, campaignId: string, facts: NotableFact[]): Promise<void> {
  await manager.query(
    `INSERT INTO notification (administrator_id, campaign_id, seq, kind, position, signatory_id, detail, occurred_at, in_app, email_status)
     SELECT r.administrator_id, $1, f.seq, f.kind, f.position, f.signatory_id, COALESCE(f.detail, '{}'), f.occurred_at,
       COALESCE(p.in_app, d.in_app), CASE WHEN COALESCE(p.email, d.email) THEN 'pending' ELSE 'none' END
     FROM jsonb_to_recordset($2::jsonb) AS f(seq int, kind text, position int, signatory_id text, detail jsonb, occurred_at timestamptz)
     JOIN jsonb_to_recordset($3::jsonb) AS d(kind text, email boolean, in_app boolean) ON d.kind = f.kind
     CROSS JOIN (
       SELECT DISTINCT m.administrator_id FROM campaign_organisation co
       JOIN organisation_member m ON m.organisation_id = co.organisation_id
       JOIN administrator a ON a.id = m.administrator_id AND a.disabled_at IS NULL
       WHERE co.campaign_id = $1
     ) r
     LEFT JOIN notification_preference p ON p.administrator_id = r.administrator_id AND p.kind = f.kind
     WHERE COALESCE(p.in_app, d.in_app) OR COALESCE(p.email, d.email)
     ON CONFLICT DO NOTHING`,
    [
      campaignId,
      JSON.stringify(facts.map((f, position) => ({ seq: f.seq, kind: f.kind, position, signatory_id: f.signatoryId ?? null, detail: f.detail ?? null, occurred_at: f.occurredAt }))),
      DEFAULTS_JSON,
    ],
  );
}
