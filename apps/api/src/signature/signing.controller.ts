import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { fileResponse } from '../documents/stored-file-response';
import { SignAsBodyDto } from './dto/signature.dto';
import { SignatureService } from './signature.service';

/** The routes of a body's signature link (`sg_…`): nothing else opens them, and they open nothing else. */
@ApiTags('signature')
@ApiBearerAuth()
@Controller('campaigns/:id/signatories/:sid/signing')
export class SigningController {
  constructor(private readonly signature: SignatureService) {}

  @Get()
  @Access('signer')
  @ApiOperation({ summary: 'What the signing authority signs: the body, the exact convention sent round, the authority, the code sent, the attempts left' })
  @ApiOkResponse({ description: '`{campaign, signatory, convention, signingAuthority, status, signature, code, attemptsLeft, locked}`' })
  @ApiErrors(400, 404)
  view(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentPrincipal() principal: Principal) {
    return this.signature.signing(id, sid, principal.signer!);
  }

  @Get('convention')
  @Access('signer')
  @ApiOperation({ summary: 'The exact convention sent round for signature' })
  @ApiFileResponse(200, 'application/pdf', 'the PDF, as an attachment')
  @ApiErrors(400, 404)
  async convention(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.signature.circulatedConvention(id);
    return fileResponse(file.stream, file.name, file.type, file.size);
  }

  @Post('code')
  @Access('signer')
  @HttpCode(202)
  @ApiOperation({ summary: "E-mail a 6-digit code to the body's address, good for 15 minutes: only the last one sent signs" })
  @ApiAcceptedResponse({ description: '`{sentTo, expiresAt}`' })
  @ApiErrors(400, 404, 409, [423, 'the link is locked after five wrong codes'])
  sendCode(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentPrincipal() principal: Principal) {
    return this.signature.sendCode(id, sid, principal.signer!, principal.actor);
  }

  @Post()
  @Access('signer')
  @HttpCode(200)
  @ApiOperation({ summary: '« Je signe »: the code e-mailed, the name and capacity of who signs, and the SHA-256 of the convention shown' })
  @ApiOkResponse({ description: '`{signedAt, phase}`' })
  @ApiErrors(400, 404, 409, 413, 422, [423, 'the link is locked after five wrong codes'])
  sign(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Body() body: SignAsBodyDto, @CurrentPrincipal() principal: Principal) {
    return this.signature.sign(id, sid, body, principal.signer!, principal.actor);
  }
}
