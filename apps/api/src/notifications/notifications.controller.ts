import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { notificationSentence, parsePreferences } from '@ctg/domain';
import { NotificationRepository } from '@ctg/persistence';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { ApiError, decidedByDomain } from '../common/api-error';
import { MarkReadDto, PreferencesDto } from './dto/notifications.dto';

/** Each administrator's own notifications and choices: nobody reads another's. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: "The caller's notifications in the web interface, newest first, with how many are unread" })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, 50 by default' })
  @ApiOkResponse({ description: '`{unread, notifications: [{id, kind, text, campaignId, campaignTitle, seq, signatoryId, signatoryName, detail, occurredAt, readAt}]}`' })
  @ApiErrors(400)
  async inbox(@Query('limit') limit: unknown, @CurrentPrincipal() principal: Principal) {
    const { notifications, unread } = await this.notifications.inbox(administratorOf(principal), limitOf(limit));
    return { unread, notifications: notifications.map((n) => ({ ...n, text: notificationSentence(n) })) };
  }

  @Post('read')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Mark notifications read: those named, or all of them' })
  @ApiOkResponse({ description: '`{marked}`: how many were unread' })
  @ApiErrors(400, 413)
  async markRead(@Body() body: MarkReadDto, @CurrentPrincipal() principal: Principal) {
    return { marked: await this.notifications.markRead(administratorOf(principal), body.ids) };
  }

  @Get('preferences')
  @Access('admin')
  @ApiOperation({ summary: 'What the caller receives, by kind: by e-mail, in the web interface' })
  @ApiOkResponse({ description: '`{preferences: {body_rejected: {email, inApp}, …, weekly_digest: {email, inApp: false}}}`' })
  async preferences(@CurrentPrincipal() principal: Principal) {
    return { preferences: await this.notifications.preferences(administratorOf(principal)) };
  }

  @Put('preferences')
  @Access('admin')
  @ApiOperation({ summary: 'Choose what to receive; the kinds named change, the others stay' })
  @ApiOkResponse({ description: '`{preferences}` after the change' })
  @ApiErrors(400, [422, 'an unknown kind, or a setting that is not true or false: named in `fields`'], 413)
  async choose(@Body() body: PreferencesDto, @CurrentPrincipal() principal: Principal) {
    const administratorId = administratorOf(principal);
    await this.notifications.choose(administratorId, decidedByDomain(() => parsePreferences(body.preferences)));
    return { preferences: await this.notifications.preferences(administratorId) };
  }
}

function limitOf(limit: unknown): number {
  if (limit === undefined) return 50;
  if (typeof limit !== 'string' || !/^[0-9]{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) {
    throw new ApiError(400, 'limit: must be a whole number from 1 to 200', [{ field: 'limit', message: 'must be a whole number from 1 to 200' }]);
  }
  return Number(limit);
}

function administratorOf(principal: Principal): string {
  if (!principal.administratorId) throw new ApiError(403, 'notifications are an administrator’s own');
  return principal.administratorId;
}
