import { Controller, Delete, Get, Header, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { LimitedByAddress } from '../auth/rate-limit.guard';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('campaigns/:id/calendar-feed')
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "A private URL of the campaign's calendar (deadline, conference, every session announced) for the caller, shown once; it replaces the caller's previous one",
  })
  @ApiCreatedResponse({ description: '`{url}`: `PUBLIC_URL/calendar/cf_….ics`, to subscribe to in a calendar application' })
  @ApiErrors(400, 404)
  create(@Param('id', IdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<{ url: string }> {
    return this.calendar.create(id, principal.administratorId as string);
  }

  @Delete('campaigns/:id/calendar-feed')
  @HttpCode(204)
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Revoke the caller's private calendar URL of the campaign: it answers 404 from now on" })
  @ApiNoContentResponse({ description: 'revoked (or there was none)' })
  @ApiErrors(400, 404)
  revoke(@Param('id', IdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.calendar.revoke(id, principal.administratorId as string);
  }

  @Get('calendar/:file')
  @Access('public')
  @LimitedByAddress()
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      "A campaign's calendar (iCalendar) by its private URL; an unknown, malformed or revoked token, or one whose administrator lost access to the campaign, is 404",
  })
  @ApiFileResponse(200, 'text/calendar', 'the feed: all-day events, one per date, with stable UIDs')
  @ApiErrors([400, 'a path that is not valid percent-encoding, refused before the route reads it'], [404, 'no such calendar'], 429)
  async feed(@Param('file') file: string): Promise<StreamableFile> {
    const ics = Buffer.from(await this.calendar.feed(file), 'utf8');
    // The type comes with the feed, on success only: an error keeps its JSON content type.
    return new StreamableFile(ics, { type: 'text/calendar; charset=utf-8', length: ics.length });
  }
}
