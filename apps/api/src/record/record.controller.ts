import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../common/id.pipe';
import { RecordService } from './record.service';

@ApiTags('record')
@ApiBearerAuth()
@Controller('campaigns/:id')
export class RecordController {
  constructor(private readonly record: RecordService) {}

  @Get('record/verify')
  @Access('admin')
  @ApiOperation({
    summary: "Recompute the record's hash chain: {valid, events, lastHash, firstBrokenSeq?, reason?, detail?}",
  })
  verify(@Param('id', IdPipe) id: string) {
    return this.record.verify(id);
  }

  @Get('archive.json')
  @Access('admin')
  @ApiOperation({ summary: "Every event of the record with its hashes, and the chain's final hash" })
  async archiveJson(@Param('id', IdPipe) id: string) {
    return this.record.archiveJson(id);
  }

  @Get('archive.pdf')
  @Access('admin')
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  @ApiOperation({ summary: "The campaign's archive in French: steps, deliberations, legal follow-up, reminders, signature, final hash" })
  async archivePdf(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const pdf = await this.record.archivePdf(id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="archive-${id}.pdf"`, length: pdf.length });
  }
}
