import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@ctg/domain';
import { Access, CurrentActor, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { CampaignsService, CampaignView } from './campaigns.service';
import { CampaignAnswerDto, CreateCampaignDto, HoldConferenceDto, MoveDeadlineDto, ReasonDto, SignConventionDto } from './dto';

/** The errors of a command on one campaign, beyond its guards'. */
const COMMAND_ERRORS = ApiErrors(400, 404, 409, 413, 422);

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create and start a campaign (201); the same id and body again answers 200, a different body 409' })
  @ApiCreatedResponse({ type: CampaignAnswerDto, description: 'the campaign is launched' })
  @ApiOkResponse({ type: CampaignAnswerDto, description: 'the same id and body again, even once the campaign is closed: nothing new is started' })
  @ApiErrors(
    400,
    [403, 'the caller manages no organisation'],
    [409, 'a campaign with this id exists with another body, or belongs to another organisation'],
    413,
    [422, 'a rule of the definition refuses it, or `organisation` is not one the caller manages: `fields` names each'],
  )
  async launch(@Body() body: CreateCampaignDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, campaign } = await this.campaigns.launch(body, principal.actor, principal.administratorId as string);
    res.status(created ? 201 : 200);
    return campaign;
  }

  @Get()
  @Access('admin')
  @ApiOperation({ summary: "List the campaigns of the caller's organisations (owned or shared with them), with their phase and counts" })
  @ApiOkResponse({ description: '`{campaigns: [...]}`, the latest launched first' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { campaigns: await this.campaigns.list(principal.administratorId as string) };
  }

  @Get(':id')
  @Access('campaign')
  @ApiOperation({ summary: 'One campaign: phase, blocked, deadline, conference, counts, required signatories pending, signature, record fault' })
  @ApiOkResponse({
    description:
      'the campaign; `recordFault` is `{since, lastError, attempts}` while PostgreSQL refuses to store its next events (nothing after them reaches the record until the cause is removed), otherwise `null`',
  })
  @ApiErrors(400, 404)
  get(@Param('id', IdPipe) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Post(':id/conference')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: "Record the mayors' conference: deliberations open" })
  @ApiOkResponse({ type: CampaignAnswerDto })
  @COMMAND_ERRORS
  holdConference(@Param('id', IdPipe) id: string, @Body() body: HoldConferenceDto, @CurrentActor() actor: Actor) {
    return this.campaigns.holdConference(id, body, actor);
  }

  @Post(':id/deadline')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Move the deliberation deadline; reminders follow' })
  @ApiOkResponse({ type: CampaignAnswerDto })
  @COMMAND_ERRORS
  moveDeadline(@Param('id', IdPipe) id: string, @Body() body: MoveDeadlineDto, @CurrentActor() actor: Actor) {
    return this.campaigns.moveDeadline(id, body, actor);
  }

  @Post(':id/signature')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Record the signature (409 unless awaiting signature and unblocked); the same signature again is 200, recorded once' })
  @ApiOkResponse({ type: CampaignAnswerDto })
  @COMMAND_ERRORS
  sign(@Param('id', IdPipe) id: string, @Body() body: SignConventionDto, @CurrentActor() actor: Actor) {
    return this.campaigns.sign(id, body, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Cancel the campaign (any phase but signed); the same reason again is 200, recorded once, another 409' })
  @ApiOkResponse({ type: CampaignAnswerDto })
  @COMMAND_ERRORS
  cancel(@Param('id', IdPipe) id: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor) {
    return this.campaigns.cancel(id, body.reason, actor);
  }
}
