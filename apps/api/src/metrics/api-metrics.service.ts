import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MetricsServer, routeLabel, startMetricsServer } from '@ctg/observability';
import { OperationsRepository, OutboxBacklog } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { HealthService } from '../health/health.service';
import { detailedHealth } from '../health/health.controller';

/** A scrape never waits on a slow database longer than this: the gauge keeps its last value instead. */
const COLLECT_TIMEOUT_MS = 2_000;

/**
 * The API's metrics (docs/operations.md lists them): request latency by route pattern, and gauges
 * read from PostgreSQL at scrape time. Served on the operator's port only, with the detailed health.
 */
@Injectable()
export class ApiMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private server?: MetricsServer;

  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly operations: OperationsRepository,
    private readonly health: HealthService,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: 'ctg_http_request_duration_seconds',
      help: 'HTTP requests answered by the API, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.registerDatabaseGauges();
  }

  /** Times every request; the route is read when the answer is finished, once Express has matched it. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.requests.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  };

  /** The operator's port's address once started (tests ask for it with METRICS_PORT=0). */
  get url(): string | undefined {
    return this.server?.url;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.settings.metrics;
    if (port === undefined) return;
    this.server = await startMetricsServer({ ...this.settings.metrics, port }, {
      '/metrics': async () => ({ contentType: this.registry.contentType, body: await this.registry.metrics() }),
      '/health': async () => {
        const report = await this.health.report();
        const available = report.temporal === 'up' && report.database === 'up';
        return { status: available ? 200 : 503, contentType: 'application/json', body: JSON.stringify({ ...detailedHealth(report), ...(available ? {} : { status: 'unavailable' }) }) };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  private registerDatabaseGauges(): void {
    const operations = this.operations;
    // Two gauges read the backlog: one query per scrape, shared.
    let backlogRead: { at: number; rows: ReturnType<OperationsRepository['outboxBacklog']> } | undefined;
    const outboxBacklog = () => {
      if (!backlogRead || Date.now() - backlogRead.at > 1_000) backlogRead = { at: Date.now(), rows: operations.outboxBacklog() };
      return backlogRead.rows;
    };
    const bounded = <T>(read: () => Promise<T>) =>
      Promise.race([read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), COLLECT_TIMEOUT_MS).unref())]).catch(() => undefined);
    const outboxGauge = (name: string, help: string, value: (b: OutboxBacklog) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['outbox'],
        registers: [this.registry],
        async collect() {
          for (const b of (await bounded(outboxBacklog)) ?? []) this.set({ outbox: b.outbox }, value(b));
        },
      });
    outboxGauge('ctg_outbox_pending_emails', 'E-mails and webhook deliveries due and not yet sent, by outbox (notification, reminder, personal_link, webhook)', (b) => b.pending);
    outboxGauge('ctg_outbox_oldest_pending_seconds', 'How long the oldest e-mail due in each outbox has waited (0 when none waits)', (b) => b.oldestSeconds);
    new Gauge({
      name: 'ctg_open_campaigns',
      help: 'Campaigns neither signed nor cancelled, by phase',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        const phases = await bounded(() => operations.openCampaignsByPhase());
        if (!phases) return;
        this.reset();
        for (const p of phases) this.set({ phase: p.phase }, p.campaigns);
      },
    });
    new Gauge({
      name: 'ctg_projection_lag_events',
      help: 'Events in the record that the read model of the open campaigns does not show yet',
      registers: [this.registry],
      async collect() {
        const behind = await bounded(() => operations.projectionLag());
        if (behind !== undefined) this.set(behind);
      },
    });
  }
}
