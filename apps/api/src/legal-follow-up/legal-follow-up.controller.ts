import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@ctg/domain';
import { Access, CurrentActor } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { RecordLegalFollowUpDto } from './dto/record-legal-follow-up.dto';
import { LegalFollowUpService } from './legal-follow-up.service';

@ApiTags('signatories')
@ApiBearerAuth()
@Controller('campaigns/:id/signatories')
export class LegalFollowUpController {
  constructor(private readonly followUp: LegalFollowUpService) {}

  @Put(':sid/legal-follow-up')
  @Access('admin')
  @ApiOperation({
    summary:
      'Record the contrôle de légalité of a final deliberation: transmission to the prefecture, @ctes id, acknowledgment, executory day (also after the signature)',
  })
  @ApiOkResponse({ description: '`{signatoryId, legalFollowUp, missing, phase}`' })
  @ApiErrors(400, 404, [409, 'no final deliberation to follow up, or the campaign is cancelled'], 413, [422, 'dates out of order, or in the future: `fields` names each'])
  record(
    @Param('id', IdPipe) id: string,
    @Param('sid', IdPipe) sid: string,
    @Body() body: RecordLegalFollowUpDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.followUp.record(id, sid, body, actor);
  }
}
