import { Client, WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { CampaignDefinition, CampaignEvent, ReminderPolicy, campaignWorkflowId } from '@ctg/domain';
import { TEMPORAL_DYNAMIC_CONFIG } from '@ctg/temporal/server-settings';
import { findOrBuildTemporalCli } from '../../../scripts/dev-stack/temporal-cli';
import { ApplicationFailure } from '@temporalio/common';
import { REMINDER_REFUSED } from '@ctg/contracts';
import type { PersonalLinkRequest, ReminderReceipt, ReminderRequest } from '@ctg/contracts';
import type { CampaignWorkflowInput } from '@ctg/contracts';
import { campaignStateQuery } from '@ctg/contracts';
import { SEARCH_ATTRIBUTES } from '@ctg/contracts';

/** What the stubbed activities were asked, in the order they were asked; a test awaits what it expects. */
export class ActivityLog {
  private readonly watchers = new Set<() => void>();
  /** The record as the stubbed append keeps it: one event per seq, in order. */
  readonly record = new Map<string, CampaignEvent[]>();
  readonly appendCalls: { campaignId: string; seqs: number[] }[] = [];
  readonly reminders: (ReminderRequest & { at: number })[] = [];
  readonly linkMails: PersonalLinkRequest[] = [];
  /** When set, an append of this campaign fails (the activity retries, as when PostgreSQL is down). */
  readonly failingAppends = new Set<string>();
  /** Every attempt to e-mail a personal link, sent or not. */
  readonly linkMailAttempts: PersonalLinkRequest[] = [];
  /** When it holds a signatory's e-mail, its reminders are refused for good (as by an SMTP 5xx). */
  readonly refusedReminders = new Set<string>();
  /** When it holds a signatory's e-mail, its link e-mails fail (the activity retries, as when SMTP is down). */
  readonly failingLinkMails = new Set<string>();

  eventsOf(campaignId: string): CampaignEvent[] {
    return this.record.get(campaignId) ?? [];
  }

  remindersOf(signatoryId: string): (ReminderRequest & { at: number })[] {
    return this.reminders.filter((r) => r.signatory.id === signatoryId);
  }

  /** Resolves once `holds` is true of the log, checked after every activity call; fails after `timeoutMs`. */
  until(what: string, holds: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (holds()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!holds()) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  changed(): void {
    for (const check of [...this.watchers]) check();
  }
}

export interface WorkflowTier {
  env: TestWorkflowEnvironment;
  client: Client;
  log: ActivityLog;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * A real Temporal dev server (our CLI binary, through `TestWorkflowEnvironment.createLocal`) and a
 * worker running the real workflows with activities stubbed in memory: the workflow tier tests
 * what the workflows decide and ask, without PostgreSQL, SMTP or HTTP.
 */
export async function startWorkflowTier(dynamicConfig: Record<string, number> = {}): Promise<WorkflowTier> {
  Runtime.install({ logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: findOrBuildTemporalCli() },
      searchAttributes: SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs: Object.entries({ ...TEMPORAL_DYNAMIC_CONFIG, ...dynamicConfig }).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
    },
  });
  const log = new ActivityLog();
  const taskQueue = `workflow-tier-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_TIER_BUNDLE as string },
    activities: stubActivities(log),
  });
  const running = worker.run();
  return {
    env,
    client: env.client,
    log,
    taskQueue,
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

function stubActivities(log: ActivityLog) {
  return {
    async appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void> {
      log.appendCalls.push({ campaignId, seqs: events.map((e) => e.seq) });
      if (log.failingAppends.has(campaignId)) throw new Error('the record is unreachable (stub)');
      const stored = log.record.get(campaignId) ?? [];
      for (const event of events) {
        if (event.seq <= stored.length) continue;
        if (event.seq !== stored.length + 1) throw new Error(`seq ${event.seq} before seq ${stored.length + 1}`);
        stored.push(event);
      }
      log.record.set(campaignId, stored);
      log.changed();
    },
    async sendReminder(request: ReminderRequest): Promise<ReminderReceipt> {
      log.reminders.push({ ...request, at: Date.now() });
      log.changed();
      if (log.refusedReminders.has(request.signatory.email)) throw ApplicationFailure.nonRetryable('550 mailbox unavailable (stub)', REMINDER_REFUSED);
      return { messageId: `<reminder-${request.signatory.id}-${request.number}@test>`, to: [request.signatory.email], cc: [], sentAt: new Date().toISOString() };
    },
    async sendPersonalLink(request: PersonalLinkRequest) {
      log.linkMailAttempts.push(request);
      log.changed();
      if (log.failingLinkMails.has(request.signatory.email)) throw new Error('the SMTP server is unreachable (stub)');
      log.linkMails.push(request);
      log.changed();
      return { messageId: `<link-${request.seq}@test>`, to: [request.signatory.email], sentAt: new Date().toISOString() };
    },
  };
}

export const ADMIN = { kind: 'administrator' as const, id: 'admin@example.org' };

/** Reminders in seconds, on every day: what a test can wait for. */
export function policyInSeconds(overrides: Partial<ReminderPolicy> = {}): ReminderPolicy {
  return { before: ['PT4S', 'PT2S'], overdueEvery: 'PT2S', overdueMax: 1, escalateFrom: 2, businessDaysOnly: false, ...overrides };
}

export function definitionOf(signatories: number, overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    id: `wf-${randomUUID().slice(0, 8)}`,
    title: 'Convention de test',
    territory: { name: 'Territoire de test' },
    deliberationDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    signatories: Array.from({ length: signatories }, (_, i) => ({
      id: i === 0 ? 'epci' : `commune-${i}`,
      kind: i === 0 ? ('epci' as const) : ('commune' as const),
      name: i === 0 ? 'Communauté de communes' : `Commune ${i}`,
      email: i === 0 ? 'epci@example.org' : `mairie-${i}@example.org`,
      required: i === 0,
    })),
    reminderPolicy: { before: [], overdueEvery: 'P30D', overdueMax: 0, escalateFrom: 2, businessDaysOnly: false },
    ...overrides,
  };
}

export async function launch(tier: WorkflowTier, definition: CampaignDefinition): Promise<WorkflowHandle> {
  const input: CampaignWorkflowInput = { definition, launchedBy: ADMIN };
  return tier.client.workflow.start('campaignWorkflow', { taskQueue: tier.taskQueue, workflowId: campaignWorkflowId(definition.id), args: [input] });
}

export const stateOf = (handle: WorkflowHandle) => handle.query(campaignStateQuery);

export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
