import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
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
  page(@Param('id', IdPipe) id: string, @Query() query: EventsQueryDto) {
    return this.events.page(id, query.after ?? 0, query.limit ?? 100);
  }

  @Get('events.csv')
  @Access('admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The whole audit trail as CSV (formula-like cells neutralised)' })
  async csv(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv = await this.events.csv(id);
    // Set only on success: an error keeps its JSON content type.
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${id}-events.csv"`);
    return csv;
  }
}
