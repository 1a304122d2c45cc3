import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ApiErrors, ApiFileResponse } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { EventsQueryDto } from './dto/events-query.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('campaigns/:id')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @Access('admin')
  @ApiOperation({ summary: 'The audit trail, oldest first, by pages' })
  @ApiOkResponse({ description: '`{events: [{seq, type, occurredAt, actor, data}], next}`; `next` is the `after` of the next page, or null' })
  @ApiErrors([400, 'a malformed id, or `after` / `limit` out of range: `fields` names each'], 404)
  page(@Param('id', IdPipe) id: string, @Query() query: EventsQueryDto) {
    return this.events.page(id, query.after ?? 0, query.limit ?? 100);
  }

  @Get('events.csv')
  @Access('admin')
  @ApiOperation({ summary: 'The whole audit trail as CSV (formula-like cells neutralised)' })
  @ApiFileResponse(200, 'text/csv', 'seq,type,occurredAt,actorKind,actorId,actorIp,data, one line per event')
  @ApiErrors(400, 404)
  async csv(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv = await this.events.csv(id);
    // Set only on success: an error keeps its JSON content type.
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${id}-events.csv"`);
    return csv;
  }
}
