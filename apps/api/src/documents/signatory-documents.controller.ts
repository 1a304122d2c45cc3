import { Controller, Get, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { Actor } from '@ctg/domain';
import { Access, CurrentActor } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { DocumentsService } from './documents.service';
import { fileResponse } from './stored-file-response';
import { DraftFormatPipe, VersionPipe } from './version.pipe';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('campaigns/:id/signatories/:sid')
export class SignatoryDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('draft-deliberation')
  @Access('signatory')
  @ApiOperation({ summary: "The body's draft deliberation, ready to edit (?format=docx, the default, or odt)" })
  @ApiFileResponse(200, ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text'], 'the draft, as an attachment')
  @ApiErrors(400, 404)
  async draft(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Query('format', DraftFormatPipe) format: 'docx' | 'odt'): Promise<StreamableFile> {
    const file = await this.documents.draft(id, sid, format);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }

  @Post('acts')
  @Access('signatory')
  @ApiOperation({ summary: 'Upload the signed extract of the register (multipart/form-data, PDF); a new version corrects the last and says why' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'a PDF of at most 50 MiB' },
        reason: { type: 'string', description: 'why a new version (required from the second)' },
      },
    },
  })
  @ApiCreatedResponse({ description: '`{signatoryId, act, recorded}`: `recorded` is false when the same file was already the act in force' })
  @ApiErrors(400, 404, 408, 409, 413, 415, 422)
  attach(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Req() request: IncomingMessage, @CurrentActor() actor: Actor) {
    return this.documents.attachAct(id, sid, request, actor);
  }

  @Get('acts/:version')
  @Access('signatory')
  @ApiOperation({ summary: "Download a version of the body's act" })
  @ApiFileResponse(200, 'application/pdf', 'the PDF, as an attachment')
  @ApiErrors(400, 404)
  async download(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Param('version', VersionPipe) version: number): Promise<StreamableFile> {
    const file = await this.documents.openAct(id, sid, version!);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }
}
