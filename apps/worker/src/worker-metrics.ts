import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CampaignEvent } from '@ctg/domain';
import { MetricsServer, MetricsSettings, startMetricsServer } from '@ctg/observability';

/**
 * The worker's own counters, from what its activities do: each event counted once, when the append
 * that stores it commits (a retried append finds it stored and counts nothing).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly appended: Counter<'type'>;
  private readonly votes: Counter<'decision'>;
  private readonly reminders: Counter<'outcome'>;
  private readonly appendLag: Histogram;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.appended = new Counter({ name: 'ctg_events_appended_total', help: 'Events stored in the record, by type', labelNames: ['type'], registers });
    this.votes = new Counter({ name: 'ctg_votes_recorded_total', help: 'Deliberations recorded (votes), by decision', labelNames: ['decision'], registers });
    this.reminders = new Counter({ name: 'ctg_reminders_total', help: 'Reminders sent, and refused for good by the SMTP server', labelNames: ['outcome'], registers });
    this.appendLag = new Histogram({
      name: 'ctg_append_lag_seconds',
      help: 'From the moment the workflow decided an event (its occurredAt) to its storage in the record',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers,
    });
  }

  /** Events the append just stored, at `storedAt`. */
  appendedEvents(events: CampaignEvent[], storedAt: Date): void {
    for (const event of events) {
      this.appended.inc({ type: event.type });
      const lag = (storedAt.getTime() - new Date(event.occurredAt).getTime()) / 1000;
      if (Number.isFinite(lag)) this.appendLag.observe(Math.max(0, lag));
      if (event.type === 'DeliberationRecorded') this.votes.inc({ decision: event.data.deliberation.decision });
      if (event.type === 'ReminderSent') this.reminders.inc({ outcome: 'sent' });
      if (event.type === 'ReminderRefused') this.reminders.inc({ outcome: 'refused' });
    }
  }
}

/**
 * The worker's operator port: its own registry, followed by what the Temporal SDK's exporter says
 * on loopback (one scrape target for both; the SDK's part is left out, not failed, when it does not answer).
 */
export function startWorkerMetricsServer(metrics: WorkerMetrics, settings: MetricsSettings & { port: number }, temporalMetricsUrl?: string): Promise<MetricsServer> {
  return startMetricsServer(settings, {
    '/metrics': async () => {
      const own = await metrics.registry.metrics();
      const sdk = temporalMetricsUrl ? await fetch(temporalMetricsUrl, { signal: AbortSignal.timeout(1_000) }).then((r) => (r.ok ? r.text() : ''), () => '') : '';
      return { contentType: metrics.registry.contentType, body: sdk ? `${own}\n${sdk}` : own };
    },
  });
}
