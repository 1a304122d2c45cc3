import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import {
  Actor,
  CONVENTION_DOCUMENT_ID,
  CampaignDocument,
  CampaignState,
  DOCUMENT_KINDS,
  DocumentKind,
  DocumentVersion,
  MAX_DOCUMENT_BYTES,
  attachDeliberationAct,
  attachDocument,
  currentVersion,
  isClosedPhase,
} from '@ctg/domain';
import {
  DEFAULT_DRAFT_TEMPLATE,
  DRAFT_PLACEHOLDERS,
  DocumentStore,
  ReceivedUpload,
  UploadRefused,
  receivePdfUpload,
  renderDraftDeliberation,
  validateDraftTemplate,
  writeActsZip,
} from '@ctg/documents';
import { CampaignReadRepository, CampaignSummaryView, SignatoryRowView } from '@ctg/persistence';
import { attachDeliberationActUpdate, attachDocumentUpdate, recordConventionConsultedUpdate, replaceDraftTemplateUpdate } from '@ctg/contracts';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError, decidedByDomain } from '../common/api-error';
import { DOCUMENT_STORE } from '../core.module';
import { CampaignGateway } from '../workflow-gateway/campaign-gateway.service';

export type DraftFormat = 'docx' | 'odt';

export const DRAFT_MEDIA_TYPES: Record<DraftFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

/** A file to send: its bytes as a stream, and what the response says of them. */
export interface FileToSend {
  stream: Readable;
  name: string;
  type: string;
  size?: number;
}

const DOCUMENT_FIELDS = ['kind', 'replaces', 'reason'] as const;
const ACT_FIELDS = ['reason'] as const;

/**
 * The campaign's documents: the convention and its annexes going out, each body's act coming
 * back. A file is checked and stored before its event is decided, so the record never names
 * bytes the store does not hold; what the rules would refuse is refused before anything is stored.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly gateway: CampaignGateway,
    private readonly campaigns: CampaignReadRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async documents(campaignId: string): Promise<CampaignDocument[]> {
    return (await this.requireCampaign(campaignId)).documents ?? [];
  }

  async attachDocument(campaignId: string, request: IncomingMessage, actor: Actor): Promise<{ document: CampaignDocument; version: DocumentVersion; recorded: boolean }> {
    await this.requireOpenCampaign(campaignId, 'attach a document');
    return this.withUpload(request, DOCUMENT_FIELDS, async (upload) => {
      const kind = documentKind(upload.fields.kind);
      const input = { kind, name: upload.fileName, size: upload.size, sha256: upload.sha256, ...optional('replaces', upload.fields.replaces), ...optional('reason', upload.fields.reason) };
      const state = await this.campaigns.state(campaignId, []);
      const recorded = this.precheck(() => attachDocument(state as CampaignState, input)).length > 0;
      await this.storeUpload(upload);
      await this.gateway.update(campaignId, attachDocumentUpdate, { ...input, actor });
      const documents = await this.documents(campaignId);
      const document = documents.find((d) => (kind === 'convention' ? d.id === CONVENTION_DOCUMENT_ID : d.kind === 'annex' && d.versions.some((v) => v.sha256 === upload.sha256)));
      if (!document) throw ApiError.unavailable('the document was recorded but the read model has not caught up yet; list the documents again');
      const version = [...document.versions].reverse().find((v) => v.sha256 === upload.sha256) ?? currentVersion(document);
      return { document, version, recorded };
    });
  }

  /** A version of a document (the one in force by default); a secretary's first opening of the convention is their read receipt. */
  async openDocument(campaignId: string, documentId: string, version: number | undefined, reader?: { signatoryId: string; actor: Actor }): Promise<FileToSend> {
    const campaign = await this.requireCampaign(campaignId);
    const document = (campaign.documents ?? []).find((d) => d.id === documentId);
    if (!document) throw ApiError.notFound(`the campaign ${campaignId} has no document ${documentId}`);
    const chosen = version === undefined ? currentVersion(document) : document.versions.find((v) => v.version === version);
    if (!chosen) throw ApiError.notFound(`the document ${documentId} has no version ${version}`);
    const file = await this.openStored(chosen);
    if (reader && document.id === CONVENTION_DOCUMENT_ID && !isClosedPhase(campaign.phase)) {
      await this.recordReceipt(campaignId, reader, chosen.version).catch((error: unknown) => {
        file.stream.destroy();
        throw error;
      });
    }
    return { stream: file.stream, size: file.size, name: chosen.name, type: 'application/pdf' };
  }

  async attachAct(campaignId: string, signatoryId: string, request: IncomingMessage, actor: Actor): Promise<{ signatoryId: string; act: DocumentVersion; recorded: boolean }> {
    await this.requireOpenCampaign(campaignId, 'attach a deliberation act');
    await this.requireSignatory(campaignId, signatoryId);
    return this.withUpload(request, ACT_FIELDS, async (upload) => {
      const input = { signatoryId, name: upload.fileName, size: upload.size, sha256: upload.sha256, ...optional('reason', upload.fields.reason) };
      const state = await this.campaigns.state(campaignId, [signatoryId]);
      const recorded = this.precheck(() => attachDeliberationAct(state as CampaignState, input)).length > 0;
      await this.storeUpload(upload);
      await this.gateway.update(campaignId, attachDeliberationActUpdate, { ...input, actor });
      const [row] = await this.campaigns.signatories(campaignId, signatoryId);
      const act = [...(row?.acts ?? [])].reverse().find((a) => a.sha256 === upload.sha256);
      if (!act) throw ApiError.unavailable('the act was recorded but the read model has not caught up yet; list the signatories again');
      return { signatoryId, act, recorded };
    });
  }

  async openAct(campaignId: string, signatoryId: string, version: number): Promise<FileToSend> {
    const [signatory] = await this.requireSignatory(campaignId, signatoryId);
    const act = (signatory.acts ?? []).find((a) => a.version === version);
    if (!act) throw ApiError.notFound(`${signatory.name} has no act version ${version}`);
    const file = await this.openStored(act);
    return { ...file, name: act.name, type: 'application/pdf' };
  }

  /** Every act of every body, every version, as one ZIP streamed as it is written. */
  async actsZip(campaignId: string): Promise<FileToSend> {
    await this.requireCampaign(campaignId);
    const signatories = await this.campaigns.signatories(campaignId);
    const entries = signatories.flatMap((s) =>
      (s.acts ?? []).map((act) => ({
        signatoryId: s.id,
        bodyName: s.name,
        version: act.version,
        sha256: act.sha256,
        size: act.size,
        open: async () => (await this.openStored(act)).stream,
      })),
    );
    if (entries.length === 0) throw ApiError.notFound(`no body of the campaign ${campaignId} has sent its act yet`);
    const zip = new PassThrough();
    writeActsZip(entries, zip).catch((error: unknown) => {
      this.logger.error(`the ZIP of ${campaignId}'s acts broke off: ${(error as Error).message}`);
      zip.destroy(error as Error);
    });
    return { stream: zip, name: `actes-${campaignId}.zip`, type: 'application/zip' };
  }

  /** The wording in force, and the placeholders it may hold with what each prints (the interface lists them). */
  async draftTemplate(campaignId: string): Promise<{ text: string; replaced: boolean; placeholders: Record<string, string> }> {
    const campaign = await this.requireCampaign(campaignId);
    return {
      text: campaign.draftTemplate ?? DEFAULT_DRAFT_TEMPLATE,
      replaced: campaign.draftTemplate !== undefined && campaign.draftTemplate !== null,
      placeholders: DRAFT_PLACEHOLDERS,
    };
  }

  async replaceDraftTemplate(campaignId: string, text: string | null, actor: Actor): Promise<{ text: string; replaced: boolean; placeholders: Record<string, string> }> {
    await this.requireOpenCampaign(campaignId, 'replace the draft deliberation');
    if (text !== null) {
      const errors = validateDraftTemplate(text);
      if (errors.length) throw ApiError.invalid(errors);
    }
    await this.gateway.update(campaignId, replaceDraftTemplateUpdate, { text, actor });
    return this.draftTemplate(campaignId);
  }

  /** The body's draft deliberation, filled in from the campaign, in the format asked. */
  async draft(campaignId: string, signatoryId: string, format: DraftFormat): Promise<FileToSend> {
    const campaign = await this.requireCampaign(campaignId);
    const [signatory] = await this.requireSignatory(campaignId, signatoryId);
    const convention = (campaign.documents ?? []).find((d) => d.id === CONVENTION_DOCUMENT_ID);
    const inForce = convention ? currentVersion(convention) : undefined;
    const bytes = await renderDraftDeliberation(
      {
        bodyName: signatory.name,
        bodyKind: signatory.kind,
        conventionTitle: campaign.title,
        ...(inForce ? { conventionVersion: inForce.version, conventionSha256: inForce.sha256 } : {}),
        ...(campaign.conference?.heldOn ? { conferenceDate: campaign.conference.heldOn } : {}),
        deliberationDeadline: campaign.deliberationDeadline,
        territoryName: campaign.territory?.name,
      },
      campaign.draftTemplate ?? DEFAULT_DRAFT_TEMPLATE,
      format,
    );
    return { stream: Readable.from([bytes]), size: bytes.length, name: `projet-de-deliberation-${signatory.id}.${format}`, type: DRAFT_MEDIA_TYPES[format] };
  }

  private async recordReceipt(campaignId: string, reader: { signatoryId: string; actor: Actor }, version: number): Promise<void> {
    await this.gateway.update(campaignId, recordConventionConsultedUpdate, { signatoryId: reader.signatoryId, version, actor: reader.actor });
  }

  async openStored(file: { sha256: string; name: string }): Promise<{ stream: Readable; size: number }> {
    const stored = await this.store.open(file.sha256).catch((error: unknown) => {
      this.logger.error(`the document store could not open ${file.sha256}: ${(error as Error).message}`);
      throw ApiError.unavailable('the document store is unavailable; try again');
    });
    if (!stored) {
      this.logger.error(`the record names ${file.sha256} (${file.name}) but the document store does not hold it`);
      throw ApiError.unavailable(`the file ${file.name} is missing from the document store; the administrators are told by record verification`);
    }
    return stored;
  }

  /** Reads the upload, runs `use` with it, and removes the temporary file whatever happens. */
  async withUpload<T>(request: IncomingMessage, fields: readonly string[], use: (upload: ReceivedUpload) => Promise<T>): Promise<T> {
    let upload: ReceivedUpload;
    try {
      upload = await receivePdfUpload(request, { maxFileBytes: MAX_DOCUMENT_BYTES, stallTimeoutMs: this.settings.uploadStallTimeoutMs, fields });
    } catch (error) {
      if (error instanceof UploadRefused) {
        const refused: UploadRefused = error;
        // The rest of the body may still be coming: the answer ends the connection rather than read it all.
        (request as IncomingMessage & { res?: { setHeader(name: string, value: string): void } }).res?.setHeader('Connection', 'close');
        throw new ApiError(refused.status, refused.message, [{ field: refused.field, message: refused.message }]);
      }
      throw error;
    }
    try {
      return await use(upload);
    } finally {
      await upload.discard();
    }
  }

  /** The domain's own rule, run on the read model before storing anything; the workflow decides again. */
  precheck<T>(decision: () => T): T {
    return decidedByDomain(decision);
  }

  /** Keeps an upload's bytes in the store, under their SHA-256, before any event names them. */
  async storeUpload(upload: ReceivedUpload): Promise<void> {
    await this.store.putFile({ sha256: upload.sha256, size: upload.size }, upload.path);
  }

  private async requireCampaign(campaignId: string): Promise<CampaignSummaryView> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return campaign;
  }

  /** Refused before a byte of the upload is read: a closed campaign takes no document. */
  private async requireOpenCampaign(campaignId: string, what: string): Promise<CampaignSummaryView> {
    const campaign = await this.requireCampaign(campaignId);
    if (isClosedPhase(campaign.phase)) throw ApiError.conflict(`cannot ${what}: the campaign is ${campaign.phase}`);
    return campaign;
  }

  private async requireSignatory(campaignId: string, signatoryId: string): Promise<[SignatoryRowView]> {
    const [signatory] = await this.campaigns.signatories(campaignId, signatoryId);
    if (!signatory) {
      await this.requireCampaign(campaignId);
      throw ApiError.notFound(`unknown signatory ${signatoryId} in campaign ${campaignId}`);
    }
    return [signatory];
  }
}

function documentKind(value: string | undefined): DocumentKind {
  if (value === undefined) throw ApiError.invalid([{ field: 'kind', message: `is required: one of ${DOCUMENT_KINDS.join(', ')}` }]);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(value)) throw ApiError.invalid([{ field: 'kind', message: `must be one of ${DOCUMENT_KINDS.join(', ')}` }]);
  return value as DocumentKind;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
