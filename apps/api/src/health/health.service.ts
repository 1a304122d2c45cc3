import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { DocumentStore } from '@ctg/documents';
import { ComponentHealth, ComponentState } from '@ctg/observability';
import { OperationsRepository, OutboxBacklog, RecordAppendFault, RecordAppendFaultRepository } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { DOCUMENT_STORE, TEMPORAL_CLIENT } from '../core.module';
import { SmtpProbe } from './smtp-probe';

export type Probe = 'up' | 'down';

/** Campaigns named at most: enough to act on, small enough for a probe. */
const STUCK_SHOWN = 100;
/** A hash no file has: asking for it reaches the store without reading anything. */
const NO_FILE = '0'.repeat(64);

export interface HealthReport {
  temporal: Probe;
  database: Probe;
  /** Absent when the API has no SMTP_URL of its own to check. */
  smtp?: Probe;
  documents: Probe;
  outboxes: Probe;
  stuck: RecordAppendFault[];
  backlog: OutboxBacklog[];
  components: Record<string, ComponentState>;
}

async function withTimeout<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes every dependency side by side, and remembers since when each is up or down and its last error. */
@Injectable()
export class HealthService {
  readonly record = new ComponentHealth();
  private readonly smtp?: SmtpProbe;
  private readonly operations: OperationsRepository;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly faults: RecordAppendFaultRepository,
    operations: OperationsRepository,
  ) {
    this.operations = operations;
    if (settings.smtpUrl) this.smtp = new SmtpProbe(settings.smtpUrl);
  }

  /** Readiness: what serving a request needs, PostgreSQL and Temporal. */
  async ready(): Promise<{ temporal: Probe; database: Probe }> {
    const [temporal, database] = await Promise.all([this.probeTemporal(), this.probe('database', () => this.operations.ping())]);
    return { temporal, database };
  }

  async report(): Promise<HealthReport> {
    let stuck: RecordAppendFault[] = [];
    let backlog: OutboxBacklog[] = [];
    const [temporal, database, smtp, documents] = await Promise.all([
      this.probeTemporal(),
      this.probe('database', async () => {
        [stuck, backlog] = await Promise.all([this.faults.stuck(STUCK_SHOWN), this.operations.outboxBacklog()]);
      }),
      this.smtp ? this.probe('smtp', () => this.smtp!.check()) : Promise.resolve(undefined),
      this.probe('documents', () => this.documents.has(NO_FILE)),
    ]);
    const outboxes = database === 'up' ? this.noteOutboxes(backlog) : (this.record.state('outboxes')?.status ?? 'up');
    const components: Record<string, ComponentState> = {};
    for (const name of ['temporal', 'database', 'smtp', 'documents', 'outboxes']) {
      const state = this.record.state(name);
      if (state) components[name] = state;
    }
    return { temporal, database, ...(smtp ? { smtp } : {}), documents, outboxes, stuck, backlog, components };
  }

  private probeTemporal(): Promise<Probe> {
    return this.probe('temporal', () => this.temporal.connection.workflowService.getSystemInfo({}));
  }

  private async probe(component: string, check: () => Promise<unknown>): Promise<Probe> {
    try {
      await withTimeout(check, 2_000);
      return this.record.up(component).status;
    } catch (error) {
      return this.record.down(component, error).status;
    }
  }

  /** An outbox does not drain when its oldest e-mail has been due longer than OUTBOX_STALE_SECONDS. */
  private noteOutboxes(backlog: OutboxBacklog[]): Probe {
    const stale = backlog.filter((b) => b.pending > 0 && b.oldestSeconds > this.settings.outboxStaleSeconds);
    if (stale.length === 0) return this.record.up('outboxes').status;
    const said = stale.map((b) => `${b.outbox}: ${b.pending} waiting, the oldest for ${Math.round(b.oldestSeconds)} s`).join('; ');
    return this.record.down('outboxes', `not draining (${said})`).status;
  }
}
