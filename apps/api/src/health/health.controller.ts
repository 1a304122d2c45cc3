import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Access } from '../auth/access.decorator';
import { ApiErrorDto } from '../common/api-docs';
import { TEMPORAL_CLIENT } from '../core.module';

type Probe = 'up' | 'down';

const PROBES = { temporal: { type: 'string', enum: ['up', 'down'] }, database: { type: 'string', enum: ['up', 'down'] } };

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Access('public')
  @ApiOperation({ summary: '200 when Temporal and PostgreSQL answer; 503 naming what is down' })
  @ApiResponse({
    status: 200,
    description: 'both answer',
    schema: { type: 'object', required: ['status', 'temporal', 'database'], properties: { status: { type: 'string', enum: ['ok'] }, ...PROBES } },
  })
  @ApiResponse({
    status: 503,
    description: 'the error shape, naming in `message` what is down, with the state of each',
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: getSchemaPath(ApiErrorDto) },
            { type: 'object', required: ['status', 'temporal', 'database'], properties: { status: { type: 'string', enum: ['unavailable'] }, ...PROBES } },
          ],
        },
      },
    },
  })
  async health(@Res({ passthrough: true }) res: Response) {
    const [temporal, database] = await Promise.all([
      probe(() => this.temporal.connection.workflowService.getSystemInfo({})),
      probe(() => this.dataSource.query('SELECT 1')),
    ]);
    if (temporal === 'up' && database === 'up') return { status: 'ok', temporal, database };
    const down = [temporal === 'down' ? 'temporal' : null, database === 'down' ? 'database' : null].filter(Boolean);
    res.status(503);
    return { statusCode: 503, error: 'Service Unavailable', message: `down: ${down.join(', ')}`, status: 'unavailable', temporal, database };
  }
}
