import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../../libs/domain/src';
import { Access, CurrentActor } from '../auth/access.decorator';
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
  record(
    @Param('id', IdPipe) id: string,
    @Param('sid', IdPipe) sid: string,
    @Body() body: RecordLegalFollowUpDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.followUp.record(id, sid, body, actor);
  }
}
