import { DataSource } from 'typeorm';
import {
  CampaignDefinition,
  CampaignState,
  ConventionSignature,
  Deliberation,
  LegalFollowUp,
  SignatoryKind,
  SignatoryStatus,
  evolve,
  initialState,
  statusOf,
} from '@ctg/domain';
import { toCampaignEvent } from './projection-rebuild';
import { ChainRow, RecordVerification, readChain, verifyChain } from './record-verification';

/** How an auditor recomputes the chain from the archive alone (docs/legal-record.md). */
export const CHAIN_RULE =
  'hash = SHA-256(prevHash || canonical JSON (RFC 8785) of {campaignId, seq, id, type, occurredAt, actor, data}), ' +
  'hexadecimal; the prevHash of seq 1 is 64 zeros';

export interface ArchivedEvent {
  seq: number;
  id: string;
  type: string;
  occurredAt: string;
  actor: unknown;
  data: unknown;
  prevHash: string;
  hash: string;
}

/** Who signed for a body, and, when by its signature link, when and over which convention. */
export interface ArchivedBodySignature {
  name: string;
  capacity: string;
  at: string;
  conventionVersion: number;
  conventionSha256: string;
  ip?: string;
}

export interface ArchivedSignatory {
  id: string;
  name: string;
  kind: SignatoryKind;
  required: boolean;
  status: SignatoryStatus;
  deliberation?: Deliberation;
  /** Number of corrections of the deliberation now recorded. */
  corrections: number;
  late: boolean;
  remindersSent: number;
  legalFollowUp?: LegalFollowUp;
  /** Who signs for the body, as last named. */
  signingAuthority?: { name: string; capacity: string };
  /** The body's signature given by its signature link. */
  signature?: ArchivedBodySignature;
}

/** A file the record names: the convention, an annex, or a body's act, one version each. */
export interface ArchivedDocument {
  role: 'convention' | 'annex' | 'act' | 'signed_convention';
  /** `convention`, `annexe-N`, the body's id for an act, or `convention-signee` for the convention signed at a ceremony. */
  documentId: string;
  /** The body whose act it is. */
  signatoryName?: string;
  version: number;
  name: string;
  size: number;
  sha256: string;
  attachedAt: string;
  attachedBy: string;
  reason?: string;
}

export interface ArchivedReminder {
  sentAt: string;
  signatoryId: string;
  signatoryName: string;
  number: number;
  to: string[];
  cc: string[];
}

/** Everything the archive documents say, read from the event store alone. */
export interface CampaignArchive {
  campaignId: string;
  title: string;
  territory: { name: string; siren?: string };
  generatedAt: string;
  launchedAt: string;
  conference?: { heldOn: string; notes?: string; recordedAt: string };
  deliberationDeadline: string;
  initialDeadline: string;
  deadlineMoves: { at: string; from: string; to: string }[];
  deadlinePassedAt?: string;
  signatureOpened?: { at: string; reason: 'all_decided' | 'deadline' };
  signature?: ConventionSignature & { recordedAt: string };
  /** The convention sent round to the signing authorities. */
  circulation?: { at: string; signingBodies: string; signers: string[]; conventionVersion: number; conventionSha256: string };
  cancellation?: { reason: string; at: string };
  phase: CampaignState['phase'];
  signatories: ArchivedSignatory[];
  reminders: ArchivedReminder[];
  /** Every version of every document the record names, with the SHA-256 the store must still match. */
  documents: ArchivedDocument[];
  events: ArchivedEvent[];
  verification: RecordVerification;
  /** The stored hash of the last event: printed on the PDF, equal to `verification.lastHash`. */
  finalHash: string;
}

/** Reads a campaign's record and builds its archive, or undefined for an unknown campaign. */
export async function loadCampaignArchive(dataSource: DataSource, campaignId: string, now = new Date()): Promise<CampaignArchive | undefined> {
  const rows: ChainRow[] = [];
  for await (const row of readChain(dataSource, campaignId)) rows.push(row);
  if (rows.length === 0) return undefined;
  const [view] = await dataSource.query(`SELECT last_seq FROM campaign_view WHERE id = $1`, [campaignId]);
  return buildCampaignArchive(campaignId, rows, verifyChain(campaignId, rows, view?.last_seq), now);
}

export function buildCampaignArchive(campaignId: string, rows: ChainRow[], verification: RecordVerification, now: Date): CampaignArchive {
  const events = rows.map((r) =>
    toCampaignEvent(campaignId, { seq: r.seq, id: r.id, type: r.type, occurred_at: new Date(r.occurredAt), actor: r.actor as never, data: r.data }),
  );
  const launch = events.find((e) => e.type === 'CampaignLaunched');
  if (!launch || launch.type !== 'CampaignLaunched') throw new Error(`campaign ${campaignId} has no CampaignLaunched event`);
  const definition: CampaignDefinition = launch.data;
  const state = initialState(definition);
  const corrections = new Map<string, number>();
  const archive: CampaignArchive = {
    campaignId,
    title: definition.title,
    territory: definition.territory,
    generatedAt: now.toISOString(),
    launchedAt: launch.occurredAt,
    deliberationDeadline: definition.deliberationDeadline,
    initialDeadline: definition.deliberationDeadline,
    deadlineMoves: [],
    phase: state.phase,
    signatories: [],
    reminders: [],
    documents: [],
    events: rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      type: r.type,
      occurredAt: new Date(r.occurredAt).toISOString(),
      actor: r.actor,
      data: r.data,
      prevHash: r.prevHash,
      hash: r.hash,
    })),
    verification,
    finalHash: verification.lastHash,
  };
  for (const event of events) {
    try {
      evolve(state, event);
    } catch {
      // An event the domain cannot apply (a tampered record): the verification already names it.
      continue;
    }
    switch (event.type) {
      case 'ConferenceHeld':
        archive.conference = { ...event.data, recordedAt: event.occurredAt };
        break;
      case 'DeadlineMoved':
        archive.deadlineMoves.push({ at: event.occurredAt, from: event.data.previous, to: event.data.deliberationDeadline });
        break;
      case 'DeadlinePassed':
        archive.deadlinePassedAt = event.occurredAt;
        break;
      case 'SignatureOpened':
        archive.signatureOpened = { at: event.occurredAt, reason: event.data.reason };
        break;
      case 'ConventionSigned':
        archive.signature = { ...event.data, recordedAt: event.occurredAt };
        break;
      case 'SignatureCirculated': {
        const { signingBodies, signers, conventionVersion, conventionSha256 } = event.data;
        archive.circulation = { at: event.occurredAt, signingBodies, signers, conventionVersion, conventionSha256 };
        break;
      }
      case 'CampaignCancelled':
        archive.cancellation = { reason: event.data.reason, at: event.occurredAt };
        break;
      case 'DeliberationRecorded':
      case 'DeliberationReopened':
        corrections.set(event.data.signatoryId, 0);
        break;
      case 'DeliberationCorrected':
        corrections.set(event.data.signatoryId, (corrections.get(event.data.signatoryId) ?? 0) + 1);
        break;
      case 'ReminderSent':
        archive.reminders.push({
          sentAt: event.data.sentAt,
          signatoryId: event.data.signatoryId,
          signatoryName: state.signatories[event.data.signatoryId]?.name ?? event.data.signatoryId,
          number: event.data.number,
          to: event.data.to,
          cc: event.data.cc,
        });
        break;
      default:
        break;
    }
  }
  archive.phase = state.phase;
  archive.deliberationDeadline = state.deliberationDeadline;
  archive.signatories = definition.signatories.map((d) => {
    const s = state.signatories[d.id];
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      required: s.required,
      status: statusOf(s),
      ...(s.deliberation ? { deliberation: s.deliberation } : {}),
      corrections: corrections.get(s.id) ?? 0,
      late: s.late,
      remindersSent: s.remindersSent,
      ...(s.legalFollowUp ? { legalFollowUp: s.legalFollowUp } : {}),
      ...(s.conventionVersionVoted !== undefined ? { conventionVersionVoted: s.conventionVersionVoted } : {}),
      ...(s.conventionConsulted?.length ? { conventionConsulted: s.conventionConsulted } : {}),
      ...(s.signingAuthority ? { signingAuthority: { name: s.signingAuthority.name, capacity: s.signingAuthority.capacity } } : {}),
      ...(s.signature ? { signature: bodySignature(s.signature) } : {}),
    };
  });
  archive.documents = [
    ...(state.documents ?? []).flatMap((d) => d.versions.map((v) => ({ role: d.kind, documentId: d.id, ...v }))),
    ...definition.signatories.flatMap((d) =>
      (state.signatories[d.id].acts ?? []).map((v) => ({ role: 'act' as const, documentId: d.id, signatoryName: d.name, ...v })),
    ),
    ...signedCopyOf(archive),
  ];
  return archive;
}

function bodySignature(signature: NonNullable<CampaignState['signatories'][string]['signature']>): ArchivedBodySignature {
  const { name, capacity, at, conventionVersion, conventionSha256, ip } = signature;
  return { name, capacity, at, conventionVersion, conventionSha256, ...(ip !== undefined ? { ip } : {}) };
}

/** The convention as signed at a ceremony: a file the record names, like the others. */
function signedCopyOf(archive: CampaignArchive): ArchivedDocument[] {
  const signature = archive.signature;
  if (!signature?.signedCopy) return [];
  const by = archive.events.find((e) => e.type === 'ConventionSigned')?.actor as { id?: string } | undefined;
  return [
    {
      role: 'signed_convention',
      documentId: 'convention-signee',
      version: 1,
      ...signature.signedCopy,
      attachedAt: signature.recordedAt,
      attachedBy: by?.id ?? '',
    },
  ];
}
