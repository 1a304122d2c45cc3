import { EntityManager } from 'typeorm';
import {
  CampaignDefinition,
  CampaignEvent,
  CampaignState,
  SignatoryState,
  evolve,
  initialState,
  statusOf,
} from '@ctg/domain';

/**
 * Projects events onto the read models with the domain's own `evolve`, loading only the campaign
 * row and the signatory rows the events touch, so a vote costs two small reads and two writes.
 */
export async function projectEvents(manager: EntityManager, events: CampaignEvent[]): Promise<void> {
  if (events.length === 0) return;
  const campaignId = events[0].campaignId;
  const launch = events.find((e) => e.type === 'CampaignLaunched');
  const definition = launch ? (launch.data as CampaignDefinition) : await loadDefinition(manager, campaignId);
  const state = launch ? initialState(definition) : await loadState(manager, campaignId, definition, touched(events));
  const changed = new Set<string>(launch ? Object.keys(state.signatories) : []);
  for (const event of events) {
    evolve(state, event);
    if ('signatoryId' in event.data) changed.add(event.data.signatoryId);
  }
  await writeCampaign(manager, state, definition, launch?.occurredAt, events[events.length - 1].occurredAt);
  await writeSignatories(manager, campaignId, definition, [...changed].map((id) => state.signatories[id]));
  await manager.query(
    `UPDATE campaign_view SET blocked = EXISTS (
       SELECT 1 FROM signatory_view WHERE campaign_id = $1 AND required AND blocking) WHERE id = $1`,
    [campaignId],
  );
}

function touched(events: CampaignEvent[]): string[] {
  return [...new Set(events.flatMap((e) => ('signatoryId' in e.data ? [e.data.signatoryId] : [])))];
}

async function loadDefinition(manager: EntityManager, campaignId: string): Promise<CampaignDefinition> {
  const rows = await manager.query(`SELECT definition FROM campaign_view WHERE id = $1`, [campaignId]);
  if (rows.length === 0) throw new Error(`campaign ${campaignId} has no projection to continue from`);
  return rows[0].definition;
}

async function loadState(
  manager: EntityManager,
  campaignId: string,
  definition: CampaignDefinition,
  signatoryIds: string[],
): Promise<CampaignState> {
  const [row] = await manager.query(`SELECT * FROM campaign_view WHERE id = $1`, [campaignId]);
  const signatories: Record<string, SignatoryState> = {};
  if (signatoryIds.length > 0) {
    const rows = await manager.query(
      `SELECT * FROM signatory_view WHERE campaign_id = $1 AND signatory_id = ANY($2)`,
      [campaignId, signatoryIds],
    );
    for (const r of rows) {
      signatories[r.signatory_id] = {
        id: r.signatory_id,
        name: r.name,
        kind: r.kind,
        email: r.email,
        required: r.required,
        sessionDate: r.session_date ?? undefined,
        deliberation: r.deliberation ?? undefined,
        deliberationSeq: r.deliberation_seq ?? undefined,
        late: r.late,
        blocking: r.blocking,
        remindersSent: r.reminders_sent,
        lastReminderAt: r.last_reminder_at ? new Date(r.last_reminder_at).toISOString() : undefined,
        legalFollowUp: r.legal_follow_up ?? undefined,
        lastLinkSentAt: r.last_link_sent_at ? new Date(r.last_link_sent_at).toISOString() : undefined,
      };
    }
  }
  return {
    id: campaignId,
    title: definition.title,
    phase: row.phase,
    deliberationDeadline: row.deliberation_deadline,
    deadlinePassed: row.deadline_passed,
    conference: row.conference ?? undefined,
    signature: row.signature ?? undefined,
    cancellation: row.cancellation ?? undefined,
    signatories,
    lastSeq: row.last_seq,
  };
}

async function writeCampaign(
  manager: EntityManager,
  state: CampaignState,
  definition: CampaignDefinition,
  launchedAt: string | undefined,
  updatedAt: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO campaign_view (id, title, territory, definition, phase, deliberation_deadline, deadline_passed,
       conference, signature, cancellation, last_seq, launched_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET phase = $5, deliberation_deadline = $6, deadline_passed = $7,
       conference = $8, signature = $9, cancellation = $10, last_seq = $11, updated_at = $13`,
    [
      state.id,
      definition.title,
      JSON.stringify(definition.territory),
      JSON.stringify(definition),
      state.phase,
      state.deliberationDeadline,
      state.deadlinePassed,
      state.conference ? JSON.stringify(state.conference) : null,
      state.signature ? JSON.stringify(state.signature) : null,
      state.cancellation ? JSON.stringify(state.cancellation) : null,
      state.lastSeq,
      launchedAt ?? new Date().toISOString(),
      // The time of the last event projected, not of the projection: a rebuild gives the same row.
      updatedAt,
    ],
  );
}

async function writeSignatories(
  manager: EntityManager,
  campaignId: string,
  definition: CampaignDefinition,
  signatories: SignatoryState[],
): Promise<void> {
  const position = new Map(definition.signatories.map((s, i) => [s.id, i]));
  const rows = signatories.map((s) => ({
    signatory_id: s.id,
    position: position.get(s.id),
    name: s.name,
    kind: s.kind,
    email: s.email,
    required: s.required,
    status: statusOf(s),
    session_date: s.sessionDate ?? null,
    deliberation: s.deliberation ?? null,
    deliberation_seq: s.deliberationSeq ?? null,
    late: s.late,
    blocking: s.blocking,
    reminders_sent: s.remindersSent,
    last_reminder_at: s.lastReminderAt ?? null,
    legal_follow_up: s.legalFollowUp ?? null,
    last_link_sent_at: s.lastLinkSentAt ?? null,
  }));
  // One statement for the whole batch: a campaign launch writes up to 2,000 rows.
  await manager.query(
    `INSERT INTO signatory_view (campaign_id, signatory_id, position, name, kind, email, required, status,
       session_date, deliberation, deliberation_seq, late, blocking, reminders_sent, last_reminder_at, legal_follow_up,
       last_link_sent_at)
     SELECT $1, r.signatory_id, r.position, r.name, r.kind, r.email, r.required, r.status, r.session_date,
       r.deliberation, r.deliberation_seq, r.late, r.blocking, r.reminders_sent, r.last_reminder_at, r.legal_follow_up,
       r.last_link_sent_at
     FROM jsonb_to_recordset($2::jsonb) AS r(signatory_id text, position int, name text, kind text, email text,
       required boolean, status text, session_date text, deliberation jsonb, deliberation_seq int, late boolean,
       blocking boolean, reminders_sent int, last_reminder_at timestamptz, legal_follow_up jsonb,
       last_link_sent_at timestamptz)
     ON CONFLICT (campaign_id, signatory_id) DO UPDATE SET status = EXCLUDED.status,
       session_date = EXCLUDED.session_date, deliberation = EXCLUDED.deliberation,
       deliberation_seq = EXCLUDED.deliberation_seq, late = EXCLUDED.late, blocking = EXCLUDED.blocking,
       reminders_sent = EXCLUDED.reminders_sent, last_reminder_at = EXCLUDED.last_reminder_at,
       legal_follow_up = EXCLUDED.legal_follow_up, last_link_sent_at = EXCLUDED.last_link_sent_at`,
    [campaignId, JSON.stringify(rows)],
  );
}
