import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  Actor,
  BodySignatureStatus,
  CampaignState,
  RecordCeremonyInput,
  circulatedConvention,
  SignatoryState,
  SigningBodies,
  recordSigningCeremony,
  signAsBody,
  signatureStatusOf,
} from '@ctg/domain';
import {
  circulateForSignatureUpdate,
  nameSigningAuthorityUpdate,
  recordSigningCeremonyUpdate,
  sendSignatureCodeUpdate,
  sendSignatureLinkUpdate,
  signAsBodyUpdate,
} from '@ctg/contracts';
import { CampaignReadRepository, MAX_WRONG_CODES, SignatureCodeRepository } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { Principal } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { DocumentsService, FileToSend } from '../documents/documents.service';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';

const DAY_MS = 86_400_000;
/** How long a code to sign with is good for. */
export const SIGNATURE_CODE_TTL_MS = 15 * 60_000;
const CEREMONY_FIELDS = ['signedOn', 'place', 'signingBodies', 'signedBy'] as const;

type Signer = NonNullable<Principal['signer']>;

/** A body as the signature's table shows it. */
export interface SigningBodyView {
  id: string;
  name: string;
  kind: string;
  required: boolean;
  status: string;
  signatureStatus: BodySignatureStatus;
  signingAuthority: SignatoryState['signingAuthority'] | null;
  deliberation: { number: string | null; sessionDate: string } | null;
  signature: SignatoryState['signature'] | null;
  signatureLinkSentAt: string | null;
}

function bodyView(state: CampaignState, s: SignatoryState, status: string): SigningBodyView {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    required: s.required,
    status,
    signatureStatus: signatureStatusOf(state, s),
    signingAuthority: s.signingAuthority ?? null,
    deliberation: s.deliberation ? { number: s.deliberation.number ?? null, sessionDate: s.deliberation.sessionDate } : null,
    signature: s.signature ?? null,
    signatureLinkSentAt: s.signatureLinkSentAt ?? null,
  };
}

/**
 * The signature (docs/signature.md): the signing authorities, the convention sent round and signed
 * by link and code, and the ceremony with the convention as signed.
 */
@Injectable()
export class SignatureService {
  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
    private readonly codes: SignatureCodeRepository,
    private readonly documents: DocumentsService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The whole state from the read models; 404 for an unknown campaign. */
  async state(campaignId: string, signatoryIds?: string[]): Promise<CampaignState> {
    const state = await this.campaigns.state(campaignId, signatoryIds);
    if (!state) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return state;
  }

  async overview(campaignId: string) {
    const state = await this.state(campaignId);
    const rows = await this.campaigns.signatories(campaignId);
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    return {
      phase: state.phase,
      signature: state.signature ?? null,
      circulation: state.circulation ?? null,
      bodies: rows.map((r) => bodyView(state, state.signatories[r.id], statusOf.get(r.id) ?? 'pending')),
    };
  }

  async nameSigningAuthority(campaignId: string, signatoryId: string, input: { name: string; capacity: string; reason?: string }, actor: Actor) {
    await this.requireSignatory(campaignId, signatoryId);
    const byAdministrator = actor.kind === 'administrator';
    await this.gateway.update(campaignId, nameSigningAuthorityUpdate, { signatoryId, ...input, byAdministrator, actor });
    const state = await this.state(campaignId, [signatoryId]);
    return { signatoryId, signingAuthority: state.signatories[signatoryId]?.signingAuthority ?? null };
  }

  async circulate(campaignId: string, input: { signingBodies: SigningBodies; expiresAt?: string }, actor: Actor) {
    await this.state(campaignId, []);
    const expiresAt = input.expiresAt ?? this.defaultExpiry();
    await this.gateway.update(campaignId, circulateForSignatureUpdate, { signingBodies: input.signingBodies, expiresAt, actor });
    const state = await this.state(campaignId, []);
    return { signers: state.circulation?.signers ?? [], expiresAt };
  }

  async sendSignatureLink(campaignId: string, signatoryId: string, actor: Actor) {
    await this.requireSignatory(campaignId, signatoryId);
    const result = await this.gateway.update(campaignId, sendSignatureLinkUpdate, { signatoryId, expiresAt: this.defaultExpiry(), actor });
    return { sentTo: result.sentTo, expiresAt: result.expiresAt };
  }

  /** The ceremony: the convention as signed is checked and stored, then the signature recorded. */
  async recordCeremony(campaignId: string, request: IncomingMessage, actor: Actor) {
    await this.state(campaignId, []);
    return this.documents.withUpload(request, CEREMONY_FIELDS, async (upload) => {
      const { signedOn, place, signingBodies, signedBy } = upload.fields;
      const input: RecordCeremonyInput = {
        signedOn: signedOn ?? '',
        place: place ?? '',
        ...(signingBodies ? { signingBodies: signingBodies as SigningBodies } : {}),
        ...(signedBy ? { signedBy: signedBy.split(',').map((id) => id.trim()).filter((id) => id !== '') } : {}),
        signedCopy: { name: upload.fileName, size: upload.size, sha256: upload.sha256 },
      };
      const state = await this.state(campaignId);
      this.documents.precheck(() => recordSigningCeremony(state, input, Date.now()));
      await this.documents.storeUpload(upload);
      const result = await this.gateway.update(campaignId, recordSigningCeremonyUpdate, { ...input, actor });
      return { phase: result.phase, signature: (await this.state(campaignId, [])).signature ?? null };
    });
  }

  async signedCopy(campaignId: string): Promise<FileToSend> {
    const state = await this.state(campaignId, []);
    const copy = state.signature?.signedCopy;
    if (!copy) throw ApiError.notFound(`the campaign ${campaignId} has no convention signed at a ceremony`);
    const file = await this.documents.openStored(copy);
    return { ...file, name: copy.name, type: 'application/pdf' };
  }

  /** What the signing authority sees on the signature link's page. */
  async signing(campaignId: string, signatoryId: string, signer: Signer) {
    const state = await this.state(campaignId, [signatoryId]);
    const s = state.signatories[signatoryId];
    const convention = circulatedConvention(state);
    const latest = await this.codes.latest(campaignId, signatoryId);
    const codeValid = latest && !latest.used && Date.parse(latest.expiresAt) > Date.now() && latest.seq === s.signatureCodeSeq;
    return {
      campaign: { id: state.id, title: state.title, phase: state.phase },
      signatory: { id: s.id, name: s.name, kind: s.kind },
      convention: convention ? { version: convention.version, name: convention.name, size: convention.size, sha256: convention.sha256 } : null,
      signingAuthority: s.signingAuthority ? { name: s.signingAuthority.name, capacity: s.signingAuthority.capacity } : null,
      status: signatureStatusOf(state, s),
      signature: s.signature ? { at: s.signature.at, name: s.signature.name, capacity: s.signature.capacity } : null,
      code: codeValid ? { sentTo: [s.email], expiresAt: latest.expiresAt } : null,
      attemptsLeft: Math.max(0, MAX_WRONG_CODES - signer.failedCodes),
      locked: signer.locked,
    };
  }

  async circulatedConvention(campaignId: string): Promise<FileToSend> {
    const state = await this.state(campaignId, []);
    const version = circulatedConvention(state);
    if (!version) throw ApiError.notFound('the convention has not been sent round for signature');
    const file = await this.documents.openStored(version);
    return { ...file, name: version.name, type: 'application/pdf' };
  }

  async sendCode(campaignId: string, signatoryId: string, signer: Signer, actor: Actor) {
    if (signer.locked) throw lockedLink();
    const expiresAt = new Date(Date.now() + SIGNATURE_CODE_TTL_MS).toISOString();
    const result = await this.gateway.update(campaignId, sendSignatureCodeUpdate, { signatoryId, expiresAt, actor });
    return { sentTo: result.sentTo, expiresAt: result.expiresAt };
  }

  /** « Je signe »: the code is checked (and a wrong one counted) before the workflow decides. */
  async sign(campaignId: string, signatoryId: string, input: { code: string; name: string; capacity: string; conventionSha256: string }, signer: Signer, actor: Actor) {
    if (signer.locked) throw lockedLink();
    // Every body: the last signature awaited is decided with the others'.
    const state = await this.state(campaignId);
    const codeSeq = state.signatories[signatoryId]?.signatureCodeSeq;
    if (codeSeq === undefined) throw ApiError.conflict('ask for a code first: it is e-mailed to the body at the moment of signing');
    // Every rule but the code's first: a signature refused for another reason spends no attempt.
    const { code: _code, ...signature } = input;
    this.documents.precheck(() => signAsBody(state, { signatoryId, ...signature, codeSeq }, Date.now()));
    const checked = await this.codes.check(signer.linkId, campaignId, signatoryId, input.code);
    if (checked.outcome === 'locked') throw lockedLink();
    if (checked.outcome === 'none') throw ApiError.conflict('ask for a code first: it is e-mailed to the body at the moment of signing');
    if (checked.outcome !== 'valid') {
      const why = checked.outcome === 'expired' ? 'has expired or was used already: ask for a new code' : 'is not the code e-mailed';
      const left = checked.locked ? 'the link is now locked: ask the campaign administrators for a new one' : `${checked.attemptsLeft} attempt(s) left`;
      throw ApiError.invalid([{ field: 'code', message: `${why}; ${left}` }], `code: ${why}; ${left}`);
    }
    const result = await this.gateway.update(campaignId, signAsBodyUpdate, { signatoryId, ...signature, codeSeq: checked.seq, actor });
    await this.codes.markUsed(campaignId, checked.seq);
    const signed = await this.state(campaignId, [signatoryId]);
    return { signedAt: signed.signatories[signatoryId]?.signature?.at ?? null, phase: result.phase };
  }

  private defaultExpiry(): string {
    return new Date(Date.now() + this.settings.linkTtlDays * DAY_MS).toISOString();
  }

  private async requireSignatory(campaignId: string, signatoryId: string): Promise<void> {
    const state = await this.state(campaignId, [signatoryId]);
    if (!state.signatories[signatoryId]) throw ApiError.notFound(`unknown signatory ${signatoryId} in campaign ${campaignId}`);
  }
}

function lockedLink(): ApiError {
  return new ApiError(423, `this signature link is locked after ${MAX_WRONG_CODES} wrong codes: ask the campaign administrators for a new one`);
}
