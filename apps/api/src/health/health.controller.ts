import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { RecordAppendFault, RecordAppendFaultRepository } from '@ctg/persistence';
import { Access } from '../auth/access.decorator';
import { ApiErrorDto } from '../common/api-docs';
import { TEMPORAL_CLIENT } from '../core.module';

type Probe = 'up' | 'down';

const PROBES = { temporal: { type: 'string', enum: ['up', 'down'] }, database: { type: 'string', enum: ['up', 'down'] } };
/** Campaigns named at most: enough to act on, small enough for a probe. */
const STUCK_SHOWN = 100;
const RECORDS = {
  type: 'object',
  description: 'campaigns whose events PostgreSQL refuses to store: their record takes nothing more until the cause is removed',
  required: ['stuck'],
  properties: {
    stuck: {
      type: 'array',
      items: {
        type: 'object',
        required: ['campaignId', 'since', 'lastError', 'attempts'],
        properties: {
          campaignId: { type: 'string' },
          since: { type: 'string', format: 'date-time', description: 'the first refused append' },
          lastError: { type: 'string', description: "PostgreSQL's message for the last refused append" },
          attempts: { type: 'integer' },
        },
      },
    },
  },
};

const stuckOf = (faults: RecordAppendFault[]) => faults.map((f) => ({ campaignId: f.campaignId, since: f.since, lastError: f.lastError, attempts: f.attempts }));

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
    private readonly faults: RecordAppendFaultRepository,
  ) {}

  @Get()
  @Access('public')
  @ApiOperation({
    summary: '200 when Temporal and PostgreSQL answer (`degraded` while a campaign\'s record is stuck, naming it); 503 naming what is down',
  })
  @ApiResponse({
    status: 200,
    description: 'both answer: `ok`, or `degraded` when `records.stuck` names a campaign whose events cannot be stored',
    schema: {
      type: 'object',
      required: ['status', 'temporal', 'database', 'records'],
      properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, ...PROBES, records: RECORDS },
    },
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
    let stuck: RecordAppendFault[] = [];
    const [temporal, database] = await Promise.all([
      probe(() => this.temporal.connection.workflowService.getSystemInfo({})),
      probe(async () => (stuck = await this.faults.stuck(STUCK_SHOWN))),
    ]);
    const records = { stuck: stuckOf(stuck) };
    if (temporal === 'up' && database === 'up') return { status: stuck.length ? 'degraded' : 'ok', temporal, database, records };
    const down = [temporal === 'down' ? 'temporal' : null, database === 'down' ? 'database' : null].filter(Boolean);
    res.status(503);
    return { statusCode: 503, error: 'Service Unavailable', message: `down: ${down.join(', ')}`, status: 'unavailable', temporal, database };
  }
}
