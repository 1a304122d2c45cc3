import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../../../libs/domain/src';
import { Access, CurrentActor } from '../auth/access.decorator';
import { IdPipe } from '../common/id.pipe';
import { CampaignsService, CampaignView } from './campaigns.service';
import { CreateCampaignDto, HoldConferenceDto, MoveDeadlineDto, ReasonDto, SignConventionDto } from './dto';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create and start a campaign (201); the same id and body again answers 200, a different body 409' })
  async launch(@Body() body: CreateCampaignDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { created, campaign } = await this.campaigns.launch(body, actor);
    res.status(created ? 201 : 200);
    return campaign;
  }

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'List campaigns with their phase and counts' })
  async list() {
    return { campaigns: await this.campaigns.list() };
  }

  @Get(':id')
  @Access('campaign')
  @ApiOperation({ summary: 'One campaign: phase, blocked, deadline, conference, counts, required signatories pending, signature' })
  get(@Param('id', IdPipe) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Post(':id/conference')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: "Record the mayors' conference: deliberations open" })
  holdConference(@Param('id', IdPipe) id: string, @Body() body: HoldConferenceDto, @CurrentActor() actor: Actor) {
    return this.campaigns.holdConference(id, body, actor);
  }

  @Post(':id/deadline')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Move the deliberation deadline; reminders follow' })
  moveDeadline(@Param('id', IdPipe) id: string, @Body() body: MoveDeadlineDto, @CurrentActor() actor: Actor) {
    return this.campaigns.moveDeadline(id, body, actor);
  }

  @Post(':id/signature')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Record the signature (409 unless awaiting signature and unblocked)' })
  sign(@Param('id', IdPipe) id: string, @Body() body: SignConventionDto, @CurrentActor() actor: Actor) {
    return this.campaigns.sign(id, body, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Cancel the campaign (any phase but signed)' })
  cancel(@Param('id', IdPipe) id: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor) {
    return this.campaigns.cancel(id, body.reason, actor);
  }
}
