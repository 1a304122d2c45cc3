import { Actor, CampaignEvent, CampaignEventBody } from './campaign-events';
import {
  cancelCampaign,
  correctDeliberation,
  holdConference,
  moveDeadline,
  recordDeliberation,
  recordLegalFollowUp,
  reopenDeliberation,
  scheduleSession,
  sendPersonalLink,
  forwardPersonalLink,
  signConvention,
} from './campaign-commands';
import { CampaignState, evolve } from './campaign-state';
import {
  AttachActInput,
  AttachDocumentInput,
  attachDeliberationAct,
  attachDocument,
  recordConventionConsulted,
  replaceDraftTemplate,
} from './campaign-documents';
import { Deliberation } from './deliberation';
import {
  NameSigningAuthorityInput,
  RecordCeremonyInput,
  SignAsBodyInput,
  SigningBodies,
  circulateForSignature,
  nameSigningAuthority,
  recordSigningCeremony,
  sendSignatureCode,
  sendSignatureLink,
  signAsBody,
} from './campaign-signature';
import { LegalFollowUpInput } from './legal-follow-up';

/** What somebody asks of a campaign: each command is decided into events, or refused. */
export type CampaignCommand =
  | { type: 'HoldConference'; heldOn: string; notes?: string }
  | { type: 'ScheduleSession'; signatoryId: string; sessionDate: string }
  | { type: 'RecordDeliberation'; signatoryId: string; deliberation: Deliberation }
  | { type: 'CorrectDeliberation'; signatoryId: string; reason: string; deliberation: Deliberation }
  | { type: 'ReopenDeliberation'; signatoryId: string; reason: string }
  | { type: 'MoveDeadline'; deliberationDeadline: string }
  | { type: 'SignConvention'; signedOn: string; signedBy?: string[] }
  | { type: 'CancelCampaign'; reason: string }
  | ({ type: 'RecordLegalFollowUp'; signatoryId: string } & LegalFollowUpInput)
  | { type: 'SendPersonalLink'; signatoryId: string; expiresAt: string }
  | { type: 'ForwardPersonalLink'; signatoryId: string; delegate: { name: string; email: string }; expiresAt: string }
  | ({ type: 'AttachDocument' } & AttachDocumentInput)
  | { type: 'RecordConventionConsulted'; signatoryId: string; version: number }
  | ({ type: 'AttachDeliberationAct' } & AttachActInput)
  | { type: 'ReplaceDraftTemplate'; text: string | null }
  | ({ type: 'NameSigningAuthority' } & NameSigningAuthorityInput)
  | { type: 'CirculateForSignature'; signingBodies: SigningBodies; expiresAt: string }
  | { type: 'SendSignatureLink'; signatoryId: string; expiresAt: string }
  | { type: 'SendSignatureCode'; signatoryId: string; expiresAt: string }
  | ({ type: 'SignAsBody' } & SignAsBodyInput)
  | ({ type: 'RecordSigningCeremony' } & RecordCeremonyInput);

export type CampaignCommandType = CampaignCommand['type'];

/**
 * The campaign's one decision: the events a command records (none when the same request was
 * already recorded), or a DomainError that changes nothing. Exhaustive over the commands.
 */
export function decide(command: CampaignCommand, state: CampaignState, nowMs: number): CampaignEventBody[] {
  switch (command.type) {
    case 'HoldConference':
      return holdConference(state, command, nowMs);
    case 'ScheduleSession':
      return scheduleSession(state, command.signatoryId, command.sessionDate);
    case 'RecordDeliberation':
      return recordDeliberation(state, command.signatoryId, command.deliberation, nowMs);
    case 'CorrectDeliberation':
      return correctDeliberation(state, command.signatoryId, command, nowMs);
    case 'ReopenDeliberation':
      return reopenDeliberation(state, command.signatoryId, command.reason);
    case 'MoveDeadline':
      return moveDeadline(state, command.deliberationDeadline);
    case 'SignConvention':
      return signConvention(state, command, nowMs);
    case 'CancelCampaign':
      return cancelCampaign(state, command.reason);
    case 'RecordLegalFollowUp':
      return recordLegalFollowUp(state, command.signatoryId, command, nowMs);
    case 'SendPersonalLink':
      return sendPersonalLink(state, command.signatoryId, command.expiresAt, nowMs);
    case 'ForwardPersonalLink':
      return forwardPersonalLink(state, command.signatoryId, command.delegate, command.expiresAt, nowMs);
    case 'AttachDocument':
      return attachDocument(state, command);
    case 'RecordConventionConsulted':
      return recordConventionConsulted(state, command.signatoryId, command.version);
    case 'AttachDeliberationAct':
      return attachDeliberationAct(state, command);
    case 'ReplaceDraftTemplate':
      return replaceDraftTemplate(state, command.text);
    case 'NameSigningAuthority':
      return nameSigningAuthority(state, command);
    case 'CirculateForSignature':
      return circulateForSignature(state, command, nowMs);
    case 'SendSignatureLink':
      return sendSignatureLink(state, command.signatoryId, command.expiresAt, nowMs);
    case 'SendSignatureCode':
      return sendSignatureCode(state, command.signatoryId, command.expiresAt, nowMs);
    case 'SignAsBody':
      return signAsBody(state, command, nowMs);
    case 'RecordSigningCeremony':
      return recordSigningCeremony(state, command, nowMs);
    default:
      return unknownCommand(command);
  }
}

function unknownCommand(command: never): never {
  throw new TypeError(`unknown command ${(command as { type?: unknown }).type}`);
}

/** What the single writer adds to a decided event: its id, when, and who. */
export interface EventStamp {
  actor: Actor;
  occurredAt: string;
  newId: () => string;
}

/**
 * Numbers decided events after the campaign's last one, stamps them, and applies each to the state
 * with `evolve`: the one place an event gets its sequence number.
 */
export function stampEvents(state: CampaignState, bodies: CampaignEventBody[], stamp: EventStamp): CampaignEvent[] {
  return bodies.map((body) => {
    const event = {
      ...body,
      seq: state.lastSeq + 1,
      id: stamp.newId(),
      campaignId: state.id,
      occurredAt: stamp.occurredAt,
      actor: stamp.actor,
    } as CampaignEvent;
    evolve(state, event);
    return event;
  });
}
