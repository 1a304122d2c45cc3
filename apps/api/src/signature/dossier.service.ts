import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { CONVENTION_DOCUMENT_ID, CampaignState, circulatedConvention, DocumentVersion, SignatoryState, currentVersion, signersFor } from '@ctg/domain';
import { DOSSIER_ARCHIVE_JSON, DossierFile, actFileNames, writeDossierZip } from '@ctg/documents';
import { CampaignReadRepository } from '@ctg/persistence';
import { ApiError } from '../common/api-error';
import { DocumentsService, FileToSend } from '../documents/documents.service';
import { RecordService } from '../record/record.service';
import { SignaturePageInput, renderSignaturePage } from './signature-page';

interface Signing {
  state: CampaignState;
  /** The bodies that sign: those that signed, those the convention was sent round to, or every adopting body. */
  signers: string[];
  territoryName: string;
  order: SignatoryState[];
}

/**
 * The signature page and the dossier de signature (docs/signature-dossier.md), generated from the
 * read models, the record's archive and the document store.
 */
@Injectable()
export class DossierService {
  private readonly logger = new Logger(DossierService.name);

  constructor(
    private readonly campaigns: CampaignReadRepository,
    private readonly documents: DocumentsService,
    private readonly record: RecordService,
  ) {}

  async signaturePage(campaignId: string): Promise<FileToSend> {
    const signing = await this.signing(campaignId);
    const bytes = await renderSignaturePage(this.pageInput(signing));
    return { stream: Readable.from([bytes]), size: bytes.length, name: `page-de-signature-${campaignId}.pdf`, type: 'application/pdf' };
  }

  /** One ZIP, streamed: the convention (as signed), the signature page, every act, the archive JSON and PDF, and their manifest. */
  async dossier(campaignId: string): Promise<FileToSend> {
    const signing = await this.signing(campaignId);
    const { state, order } = signing;
    const [archiveJson, archivePdf] = await Promise.all([this.record.archiveJson(campaignId), this.record.archivePdf(campaignId)]);
    // Dated as the archive is: the same dossier downloaded twice holds the same page.
    const page = await renderSignaturePage({ ...this.pageInput(signing), generatedAt: archiveJson.generatedAt });
    const stored = (version: DocumentVersion) => ({ sha256: version.sha256, size: version.size, open: async () => (await this.documents.openStored(version)).stream });
    const files: DossierFile[] = [];
    const convention = this.conventionSigned(state);
    if (convention) files.push({ path: `convention/convention-v${convention.version}.pdf`, role: 'convention', ...stored(convention) });
    const copy = state.signature?.signedCopy;
    if (copy) files.push({ path: 'convention/convention-signee.pdf', role: 'signed_convention', ...stored({ ...copy, version: 1, attachedAt: '', attachedBy: '' }) });
    for (const annex of (state.documents ?? []).filter((d) => d.kind === 'annex')) {
      const version = currentVersion(annex);
      files.push({ path: `annexes/${annex.id}-v${version.version}.pdf`, role: 'annex', ...stored(version) });
    }
    files.push({ path: 'signature/page-de-signature.pdf', role: 'signature_page', bytes: page });
    const acts = order.flatMap((s) => (s.acts ?? []).map((act) => ({ signatoryId: s.id, bodyName: s.name, version: act.version, act })));
    const names = actFileNames(acts);
    acts.forEach((a, i) => files.push({ path: `deliberations/${names[i]}`, role: 'act', ...stored(a.act) }));
    files.push({ path: DOSSIER_ARCHIVE_JSON, role: 'archive_json', bytes: Buffer.from(JSON.stringify(archiveJson, null, 2), 'utf8') });
    files.push({ path: 'registre/archive.pdf', role: 'archive_pdf', bytes: archivePdf });

    const zip = new PassThrough();
    writeDossierZip({ campaignId, title: state.title, generatedAt: archiveJson.generatedAt, finalHash: archiveJson.finalHash, files }, zip).catch((error: unknown) => {
      this.logger.error(`the dossier of ${campaignId} broke off: ${(error as Error).message}`);
      zip.destroy(error as Error);
    });
    return { stream: zip, name: `dossier-de-signature-${campaignId}.zip`, type: 'application/zip' };
  }

  private async signing(campaignId: string): Promise<Signing> {
    const [state, campaign, rows] = await Promise.all([this.campaigns.state(campaignId), this.campaigns.find(campaignId), this.campaigns.signatories(campaignId)]);
    if (!state || !campaign) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    if (state.phase !== 'awaiting_signature' && state.phase !== 'signed') {
      throw ApiError.conflict(`the convention is signed once the deliberations are over; the campaign is ${state.phase}`);
    }
    const signers = state.signature?.signedBy ?? state.circulation?.signers ?? signersFor(state, 'adopting');
    // The read model lists the bodies in the order of the campaign's definition.
    return { state, signers, territoryName: campaign.territory.name, order: rows.map((r) => state.signatories[r.id]) };
  }

  /** The convention sent round, or else the version in force. */
  private conventionSigned(state: CampaignState): DocumentVersion | undefined {
    const convention = (state.documents ?? []).find((d) => d.id === CONVENTION_DOCUMENT_ID);
    return circulatedConvention(state) ?? (convention ? currentVersion(convention) : undefined);
  }

  private pageInput({ state, signers, territoryName, order }: Signing): SignaturePageInput {
    const convention = this.conventionSigned(state);
    const ceremony = state.signature?.way === 'ceremony' ? state.signature : undefined;
    const chosen = new Set(signers);
    return {
      campaignTitle: state.title,
      territoryName,
      ...(convention ? { convention: { version: convention.version, name: convention.name, sha256: convention.sha256 } } : {}),
      ...(ceremony?.place ? { place: ceremony.place } : {}),
      ...(ceremony ? { signedOn: ceremony.signedOn } : {}),
      generatedAt: new Date().toISOString(),
      blocks: order
        .filter((s) => chosen.has(s.id))
        .map((s) => {
          const authority = s.signature ?? s.signingAuthority;
          return {
            bodyName: s.name,
            ...(authority ? { authority: { name: authority.name, capacity: authority.capacity } } : {}),
            ...(s.deliberation ? { deliberation: { sessionDate: s.deliberation.sessionDate, ...(s.deliberation.number ? { number: s.deliberation.number } : {}) } } : {}),
            ...(s.signature ? { signed: { at: s.signature.at, way: 'circulated' as const } } : {}),
          };
        }),
    };
  }
}
