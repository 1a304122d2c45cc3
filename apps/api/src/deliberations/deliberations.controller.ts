import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@ctg/domain';
import { ReasonDto } from '../campaigns/dto';
import { Access, CurrentActor } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { DeliberationsService } from './deliberations.service';
import { IssuedLinkDto } from './dto/issued-link.dto';
import { ForwardLinkDto, PersonalLinkSentDto } from './dto/personal-link.dto';
import { CorrectDeliberationDto, RecordDeliberationDto, ScheduleSessionDto } from './dto/record-deliberation.dto';

/** The errors of a command on one signatory, beyond its guards'. */
const COMMAND_ERRORS = ApiErrors(400, 404, 409, 413, 422);
const DELIBERATION_ANSWER = ApiOkResponse({ description: '`{signatoryId, status, late, phase}`' });

@ApiTags('signatories')
@ApiBearerAuth()
@Controller('campaigns/:id/signatories')
export class DeliberationsController {
  constructor(private readonly deliberations: DeliberationsService) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'One row per signatory with its status, deliberation, lateness and reminders' })
  @ApiOkResponse({ description: '`{signatories: [...]}`, in the order of the definition' })
  @ApiErrors(400, 404)
  async list(@Param('id', IdPipe) id: string) {
    return { signatories: await this.deliberations.signatories(id) };
  }

  @Put(':sid/session')
  @Access('signatory')
  @ApiOperation({ summary: "Announce the assembly's session date; no reminder before the day after it" })
  @DELIBERATION_ANSWER
  @COMMAND_ERRORS
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
  @DELIBERATION_ANSWER
  @COMMAND_ERRORS
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
  @DELIBERATION_ANSWER
  @COMMAND_ERRORS
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
  @DELIBERATION_ANSWER
  @COMMAND_ERRORS
  reopen(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor) {
    return this.deliberations.reopen(id, sid, body.reason, actor);
  }

  @Post(':sid/link')
  @Access('admin')
  @ApiOperation({ summary: "Issue the secretary's personal link (revokes the previous ones, reminders' links included)" })
  @ApiCreatedResponse({ type: IssuedLinkDto })
  @ApiErrors(400, 404, [409, 'the campaign is signed or cancelled: no link can be issued'])
  issueLink(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentActor() actor: Actor) {
    return this.deliberations.issueLink(id, sid, actor);
  }

  @Post(':sid/link/send')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({
    summary: "E-mail a new personal link to the signatory's secretary (revokes the previous one)",
    description:
      'Records a PersonalLinkSent event; the e-mail goes out right after, through the campaign workflow, once per request ' +
      '(its Message-ID is derived from the campaign, the signatory and the event).',
  })
  @ApiAcceptedResponse({ type: PersonalLinkSentDto })
  @ApiErrors(400, 404, [409, 'the campaign is signed or cancelled'])
  sendLink(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @CurrentActor() actor: Actor): Promise<PersonalLinkSentDto> {
    return this.deliberations.sendLink(id, sid, actor);
  }

  @Post(':sid/link/forward')
  @HttpCode(202)
  @Access('signatory')
  @ApiOperation({
    summary: "Forward the personal link to a colleague or the mayor (the body's secretary, or a manager): they get a link of their own by e-mail, and the sender's keeps working",
    description: 'Records a PersonalLinkForwarded event (who forwarded it, to whom); what the person records with their link names them in its actor.',
  })
  @ApiAcceptedResponse({ type: PersonalLinkSentDto })
  @ApiErrors(400, 404, 413, [409, 'the campaign is signed or cancelled'])
  forwardLink(@Param('id', IdPipe) id: string, @Param('sid', IdPipe) sid: string, @Body() body: ForwardLinkDto, @CurrentActor() actor: Actor): Promise<PersonalLinkSentDto> {
    return this.deliberations.forwardLink(id, sid, { name: body.name.trim(), email: body.email }, actor);
  }
}
