import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../../libs/domain/src';
import { ReasonDto } from '../campaigns/dto';
import { Access, CurrentActor } from '../auth/access.decorator';
import { IdPipe } from '../common/id.pipe';
import { DeliberationsService } from './deliberations.service';
import { CorrectDeliberationDto, RecordDeliberationDto, ScheduleSessionDto } from './dto/record-deliberation.dto';

@ApiTags('signatories')
@ApiBearerAuth()
@Controller('campaigns/:id/signatories')
export class DeliberationsController {
  constructor(private readonly deliberations: DeliberationsService) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'One row per signatory with its status, deliberation, lateness and reminders' })
  async list(@Param('id', IdPipe) id: string) {
    return { signatories: await this.deliberations.signatories(id) };
  }

  @Put(':sid/session')
  @Access('signatory')
  @ApiOperation({ summary: "Announce the assembly's session date; no reminder before the day after it" })
  scheduleSession(
    @Param('id', IdPipe) id: string,
    @Param('sid', IdPipe) sid: string,
    @Body() body: ScheduleSessionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.deliberations.scheduleSession(id, sid, body.sessionDate, actor);
  }

  @Put(':sid/deliberation')
  @Access('signatory')
  @ApiOperation({ summary: 'Record the vote; the same body again is recorded once; a different one after a final decision is 409' })
  record(
    @Param('id', IdPipe) id: string,
    @Param('sid', IdPipe) sid: string,
    @Body() body: RecordDeliberationDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.deliberations.record(id, sid, body, actor);
  }

  @Post(':sid/corrections')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Replace the recorded deliberation by a new event that references the old one' })
  correct(
    @Param('id', IdPipe) id: string,
    @Param('sid', IdPipe) sid: string,
    @Body() body: CorrectDeliberationDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.deliberations.correct(id, sid, body, actor);
  }

  @Post(':sid/reopen')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Reopen a rejected deliberation for a vote at a later session' })
  reopen(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor) {
    return this.deliberations.reopen(id, sid, body.reason, actor);
  }

  @Post(':sid/link')
  @Access('admin')
  @ApiOperation({ summary: "Issue the secretary's personal link (revokes the previous one)" })
  issueLink(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentActor() actor: Actor) {
    return this.deliberations.issueLink(id, sid, actor);
  }
}
