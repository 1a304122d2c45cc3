import { Body, Controller, Get, Param, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { Actor } from '@ctg/domain';
import { Access, CurrentActor, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { DocumentsService } from './documents.service';
import { DraftTemplateDto } from './dto/draft-template.dto';
import { fileResponse } from './stored-file-response';
import { OptionalVersionPipe } from './version.pipe';

const PDF_UPLOAD = ApiBody({
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'a PDF of at most 50 MiB' },
      kind: { type: 'string', enum: ['convention', 'annex'] },
      replaces: { type: 'string', description: 'the annex a new version replaces (annexe-N)' },
      reason: { type: 'string', description: 'why a new version, once the deliberations have begun' },
    },
  },
});

@ApiTags('documents')
@ApiBearerAuth()
@Controller('campaigns/:id')
export class CampaignDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('documents')
  @Access('admin')
  @ApiOperation({ summary: 'Attach the convention, a new annex, or a new version of either (multipart/form-data, PDF)' })
  @ApiConsumes('multipart/form-data')
  @PDF_UPLOAD
  @ApiCreatedResponse({ description: '`{document, version, recorded}`: `recorded` is false when the same file was already the version in force' })
  @ApiErrors(400, 404, 408, 409, 413, 415, 422)
  attach(@Param('id', IdPipe) id: string, @Req() request: IncomingMessage, @CurrentActor() actor: Actor) {
    return this.documents.attachDocument(id, request, actor);
  }

  @Get('documents')
  @Access('campaign')
  @ApiOperation({ summary: 'The convention and its annexes, every version with its name, size, SHA-256, date and author' })
  @ApiOkResponse({ description: '`{documents: [{id, kind, versions: [...]}]}`' })
  @ApiErrors(400, 404)
  async list(@Param('id', IdPipe) id: string) {
    return { documents: await this.documents.documents(id) };
  }

  @Get('documents/:documentId')
  @Access('campaign')
  @ApiOperation({ summary: "Download a document (the version in force, or ?version=N); a secretary's first opening of the convention is recorded" })
  @ApiFileResponse(200, 'application/pdf', 'the PDF, as an attachment')
  @ApiErrors(400, 404)
  async download(
    @Param('id', IdPipe) id: string,
    @Param('documentId', IdPipe) documentId: string,
    @Query('version', OptionalVersionPipe) version: number | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const reader = principal.scope ? { signatoryId: principal.scope.signatoryId, actor: principal.actor } : undefined;
    const file = await this.documents.openDocument(id, documentId, version, reader);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }

  @Get('acts.zip')
  @Access('admin')
  @ApiOperation({ summary: "Every body's deliberation act, every version, in one ZIP named by body, with a manifest of their SHA-256" })
  @ApiFileResponse(200, 'application/zip', 'the ZIP, streamed')
  @ApiErrors(400, 404)
  async actsZip(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.documents.actsZip(id);
    return fileResponse(file.stream, file.name, file.type);
  }

  @Get('draft-template')
  @Access('admin')
  @ApiOperation({ summary: "The wording of the bodies' draft deliberation: the campaign's, or the product's own" })
  @ApiOkResponse({ description: '`{text, replaced, placeholders}`: `placeholders` maps each allowed {{name}} to what it prints' })
  @ApiErrors(400, 404)
  draftTemplate(@Param('id', IdPipe) id: string) {
    return this.documents.draftTemplate(id);
  }

  @Put('draft-template')
  @Access('admin')
  @ApiOperation({ summary: "Replace the draft deliberation's wording for this campaign ({{placeholders}} only); null restores the product's" })
  @ApiOkResponse({ description: '`{text, replaced, placeholders}`: `placeholders` maps each allowed {{name}} to what it prints' })
  @ApiErrors(400, 404, 409, 413, 422)
  replaceDraftTemplate(@Param('id', IdPipe) id: string, @Body() body: DraftTemplateDto, @CurrentActor() actor: Actor) {
    return this.documents.replaceDraftTemplate(id, body.text ?? null, actor);
  }
}
