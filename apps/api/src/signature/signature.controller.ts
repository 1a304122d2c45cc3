import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { Actor, SIGNING_BODIES } from '@ctg/domain';
import { Access, CurrentActor } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { fileResponse } from '../documents/stored-file-response';
import { CirculationDto, SigningAuthorityDto } from './dto/signature.dto';
import { DossierService } from './dossier.service';
import { SignatureService } from './signature.service';

const CEREMONY_UPLOAD = ApiBody({
  schema: {
    type: 'object',
    required: ['file', 'signedOn', 'place'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'the convention as signed: a scan, or a PDF signed electronically (at most 50 MiB)' },
      signedOn: { type: 'string', example: '2023-11-21' },
      place: { type: 'string', example: 'Villefranche-de-Lauragais' },
      signingBodies: { type: 'string', enum: [...SIGNING_BODIES], description: 'which bodies signed, when `signedBy` is absent (default: adopting)' },
      signedBy: { type: 'string', description: 'the ids of the bodies that signed, comma-separated' },
    },
  },
});

@ApiTags('signature')
@ApiBearerAuth()
@Controller('campaigns/:id')
export class SignatureController {
  constructor(
    private readonly signature: SignatureService,
    private readonly dossiers: DossierService,
  ) {}

  @Get('signature')
  @Access('admin')
  @ApiOperation({ summary: "The signature: how and when the convention was signed, the convention sent round, and each body's signature status and authority" })
  @ApiOkResponse({ description: '`{phase, signature, circulation, bodies: [{id, name, kind, required, status, signatureStatus, signingAuthority, deliberation, signature, signatureLinkSentAt}]}`' })
  @ApiErrors(400, 404)
  overview(@Param('id', IdPipe) id: string) {
    return this.signature.overview(id);
  }

  @Put('signatories/:sid/signing-authority')
  @Access('signatory')
  @ApiOperation({ summary: 'Name who signs for the body and in what capacity; an administrator replacing one says why' })
  @ApiOkResponse({ description: '`{signatoryId, signingAuthority}`' })
  @ApiErrors(400, 404, 409, 413, 422)
  nameSigningAuthority(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Body() body: SigningAuthorityDto, @CurrentActor() actor: Actor) {
    return this.signature.nameSigningAuthority(id, sid, body, actor);
  }

  @Post('signature/circulation')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the convention round for signature: each signing body gets a personal signature link by e-mail' })
  @ApiAcceptedResponse({ description: '`{signers, expiresAt}`' })
  @ApiErrors(400, 404, 409, 413, 422)
  circulate(@Param('id', IdPipe) id: string, @Body() body: CirculationDto, @CurrentActor() actor: Actor) {
    return this.signature.circulate(id, body, actor);
  }

  @Post('signatories/:sid/signature-link/send')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ summary: "E-mail a body a new signature link; its older ones stop working (a lost, expired or locked link)" })
  @ApiAcceptedResponse({ description: '`{sentTo, expiresAt}`' })
  @ApiErrors(400, 404, 409)
  sendSignatureLink(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentActor() actor: Actor) {
    return this.signature.sendSignatureLink(id, sid, actor);
  }

  @Post('signature/ceremony')
  @Access('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the signing ceremony: when, where, which bodies signed, and the convention as signed (multipart/form-data, PDF)' })
  @ApiConsumes('multipart/form-data')
  @CEREMONY_UPLOAD
  @ApiOkResponse({ description: '`{phase, signature}`' })
  @ApiErrors(400, 404, 408, 409, 413, 415, 422)
  recordCeremony(@Param('id', IdPipe) id: string, @Req() request: IncomingMessage, @CurrentActor() actor: Actor) {
    return this.signature.recordCeremony(id, request, actor);
  }

  @Get('signature/signed-copy')
  @Access('admin')
  @ApiOperation({ summary: 'The convention as signed at the ceremony' })
  @ApiFileResponse(200, 'application/pdf', 'the PDF, as an attachment')
  @ApiErrors(400, 404)
  async signedCopy(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.signature.signedCopy(id);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }

  @Get('signature-page.pdf')
  @Access('admin')
  @ApiOperation({ summary: 'The signature page in French: one block per signing body, its authority, the deliberation that authorised it, « Fait à … le … »' })
  @ApiFileResponse(200, 'application/pdf', 'the PDF, as an attachment')
  @ApiErrors(400, 404, [409, 'the deliberations are not over'])
  async signaturePage(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.dossiers.signaturePage(id);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }

  @Get('dossier.zip')
  @Access('admin')
  @ApiOperation({ summary: 'The dossier de signature: the convention as signed, the signature page, every act, the archive JSON and PDF, and a manifest of their SHA-256' })
  @ApiFileResponse(200, 'application/zip', 'the ZIP, streamed; `npm run record -- verify-dossier FILE` checks it offline')
  @ApiErrors(400, 404, [409, 'the deliberations are not over'])
  async dossier(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.dossiers.dossier(id);
    return fileResponse(file.stream, file.name, file.type);
  }
}
