import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
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
  @ApiOkResponse({ description: 'the verification: a broken chain is a 200 with `valid: false`' })
  @ApiErrors(400, 404)
  verify(@Param('id', IdPipe) id: string) {
    return this.record.verify(id);
  }

  @Get('archive.json')
  @Access('admin')
  @ApiOperation({ summary: "Every event of the record with its hashes, and the chain's final hash" })
  @ApiOkResponse({ description: 'the archive as JSON' })
  @ApiErrors(400, 404)
  async archiveJson(@Param('id', IdPipe) id: string) {
    return this.record.archiveJson(id);
  }

  @Get('archive.pdf')
  @Access('admin')
  @ApiOperation({ summary: "The campaign's archive in French: steps, deliberations, legal follow-up, reminders, signature, final hash" })
  @ApiFileResponse(200, 'application/pdf', 'the archive, as an attachment')
  @ApiErrors(400, 404)
  async archivePdf(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const pdf = await this.record.archivePdf(id);
    // The type comes with the file, on success only: an error keeps its JSON content type.
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="archive-${id}.pdf"`, length: pdf.length });
  }
}
