import { Controller, Get, Header, Param, Query } from '@nestjs/common';
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
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The whole audit trail as CSV (formula-like cells neutralised)' })
  async csv(@Param('id', IdPipe) id: string): Promise<string> {
    return this.events.csv(id);
  }
}
