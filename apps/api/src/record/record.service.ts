import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHAIN_RULE, CampaignArchive, RecordVerification, loadCampaignArchive, verifyRecord } from '@ctg/persistence';
import { ApiError } from '../common/api-error';
import { renderArchivePdf } from './archive-pdf';

export interface ArchiveJson {
  campaignId: string;
  title: string;
  generatedAt: string;
  chain: string;
  finalHash: string;
  verification: RecordVerification;
  /** Every file the record names (convention, annexes, acts, the convention signed at a ceremony), with its SHA-256. */
  documents: CampaignArchive['documents'];
  events: CampaignArchive['events'];
}

/** The legal record as an administrator sees it: its verification and its archive files. */
@Injectable()
export class RecordService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(campaignId: string): Promise<RecordVerification> {
    const verification = await verifyRecord(this.dataSource, campaignId);
    if (verification.events === 0 && verification.valid) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return verification;
  }

  async archiveJson(campaignId: string): Promise<ArchiveJson> {
    const archive = await this.archive(campaignId);
    return {
      campaignId: archive.campaignId,
      title: archive.title,
      generatedAt: archive.generatedAt,
      chain: CHAIN_RULE,
      finalHash: archive.finalHash,
      verification: archive.verification,
      documents: archive.documents,
      events: archive.events,
    };
  }

  async archivePdf(campaignId: string): Promise<Buffer> {
    return renderArchivePdf(await this.archive(campaignId));
  }

  private async archive(campaignId: string): Promise<CampaignArchive> {
    const archive = await loadCampaignArchive(this.dataSource, campaignId);
    if (!archive) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    return archive;
  }
}
