import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RecordAppendFault } from '@ctg/persistence';
import { Access } from '../auth/access.decorator';
import { ApiErrorDto } from '../common/api-docs';
import { HealthReport, HealthService } from './health.service';

const UP_DOWN = { type: 'string', enum: ['up', 'down'] };
const PROBES = { temporal: UP_DOWN, database: UP_DOWN };
const MORE_PROBES = {
  smtp: { ...UP_DOWN, description: "the SMTP server takes a connection (checked at most every 5 s); absent when the API has no SMTP_URL" },
  documents: { ...UP_DOWN, description: 'the document store (PostgreSQL or S3) answers' },
  outboxes: { ...UP_DOWN, description: 'no e-mail waits longer than OUTBOX_STALE_SECONDS in an outbox' },
};
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
const COMPONENT = {
  type: 'object',
  required: ['status', 'since'],
  properties: {
    status: UP_DOWN,
    since: { type: 'string', format: 'date-time', description: 'when it entered this status, as this API process saw it' },
    lastError: { type: 'string', description: 'the last failure, kept after a recovery' },
    lastErrorAt: { type: 'string', format: 'date-time' },
  },
};
const UNAVAILABLE = (required: string[]) => ({
  'application/json': {
    schema: {
      allOf: [
        { $ref: getSchemaPath(ApiErrorDto) },
        { type: 'object', required: ['status', ...required], properties: { status: { type: 'string', enum: ['unavailable'] }, ...PROBES, ...MORE_PROBES } },
      ],
    },
  },
});

const stuckOf = (faults: RecordAppendFault[]) => faults.map((f) => ({ campaignId: f.campaignId, since: f.since, lastError: f.lastError, attempts: f.attempts }));

/** `/health`'s public body: up or down for each part, and the stuck records as before; no error text beyond those. */
export function publicHealth(report: HealthReport) {
  const { temporal, database, smtp, documents, outboxes } = report;
  const probes = { temporal, database, ...(smtp ? { smtp } : {}), documents, outboxes };
  const degraded = report.stuck.length > 0 || smtp === 'down' || documents === 'down' || outboxes === 'down';
  return { status: degraded ? 'degraded' : 'ok', ...probes, records: { stuck: stuckOf(report.stuck) } };
}

/** The operator's view: each part's since and last error, and each outbox's backlog. */
export function detailedHealth(report: HealthReport) {
  return { ...publicHealth(report), components: report.components, outboxBacklog: report.backlog };
}

function unavailable(res: Response, probes: Record<string, string>) {
  const down = Object.entries(probes).filter(([name, state]) => state === 'down' && (name === 'temporal' || name === 'database')).map(([name]) => name);
  res.status(503);
  return { statusCode: 503, error: 'Service Unavailable', message: `down: ${down.join(', ')}`, status: 'unavailable', ...probes };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Access('public')
  @ApiOperation({
    summary:
      "200 when Temporal and PostgreSQL answer (`degraded` while SMTP, the document store or an outbox fails, or a campaign's record is stuck, naming it); 503 naming what is down",
  })
  @ApiResponse({
    status: 200,
    description: 'both answer: `ok`, or `degraded` naming the part that fails (`down`), or in `records.stuck` a campaign whose events cannot be stored',
    schema: {
      type: 'object',
      required: ['status', 'temporal', 'database', 'records', 'documents', 'outboxes'],
      properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, ...PROBES, ...MORE_PROBES, records: RECORDS },
    },
  })
  @ApiResponse({ status: 503, description: 'the error shape, naming in `message` what is down, with the state of each', content: UNAVAILABLE(['temporal', 'database']) })
  async overall(@Res({ passthrough: true }) res: Response) {
    const report = await this.health.report();
    if (report.temporal === 'up' && report.database === 'up') return publicHealth(report);
    const { status: _status, records: _records, ...probes } = publicHealth(report);
    return unavailable(res, probes);
  }

  @Get('details')
  @Access('operator')
  @ApiOperation({ summary: "The operator's view of /health: each part's status since when and its last error, and each outbox's backlog (always 200)" })
  @ApiResponse({
    status: 200,
    description: 'what `/health` says, with `components` (since when each part is up or down, its last error) and `outboxBacklog`',
    schema: {
      type: 'object',
      required: ['status', 'temporal', 'database', 'records', 'documents', 'outboxes', 'components', 'outboxBacklog'],
      properties: {
        status: { type: 'string', enum: ['ok', 'degraded', 'unavailable'] },
        ...PROBES,
        ...MORE_PROBES,
        records: RECORDS,
        components: { type: 'object', additionalProperties: COMPONENT },
        outboxBacklog: {
          type: 'array',
          items: {
            type: 'object',
            required: ['outbox', 'pending', 'oldestSeconds'],
            properties: { outbox: { type: 'string' }, pending: { type: 'integer' }, oldestSeconds: { type: 'number' } },
          },
        },
      },
    },
  })
  async details() {
    const report = await this.health.report();
    const body = detailedHealth(report);
    return report.temporal === 'up' && report.database === 'up' ? body : { ...body, status: 'unavailable' };
  }

  @Get('ready')
  @Access('public')
  @ApiOperation({ summary: 'Readiness, for an orchestrator: 200 when this API can serve requests (PostgreSQL and Temporal answer), 503 otherwise' })
  @ApiResponse({ status: 200, description: 'ready', schema: { type: 'object', required: ['status', 'temporal', 'database'], properties: { status: { type: 'string', enum: ['ready'] }, ...PROBES } } })
  @ApiResponse({ status: 503, description: 'the error shape, naming what is down', content: UNAVAILABLE(['temporal', 'database']) })
  async ready(@Res({ passthrough: true }) res: Response) {
    const probes = await this.health.ready();
    return probes.temporal === 'up' && probes.database === 'up' ? { status: 'ready', ...probes } : unavailable(res, probes);
  }

  @Get('live')
  @Access('public')
  @ApiOperation({ summary: 'Liveness, for an orchestrator: 200 as long as the process answers; it asks no dependency' })
  @ApiResponse({ status: 200, description: 'alive', schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['live'] } } } })
  live() {
    return { status: 'live' };
  }
}
