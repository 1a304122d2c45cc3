import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemporalSettings, temporalSettingsFromEnv } from '@ctg/temporal';
import { WebhookSettings, webhookSettingsFromEnv } from '@ctg/webhooks';
import { LogFormat, MetricsSettings, logFormatFromEnv, metricsSettingsFromEnv } from '@ctg/observability';
import { ReminderSettings } from './reminder.activities';

export interface WorkerSettings {
  databaseUrl: string;
  /** The owner's URL, for migrations, when DATABASE_URL is the application role's (docs/threat-model.md). */
  databaseOwnerUrl?: string;
  temporal: TemporalSettings;
  smtpUrl: string;
  reminders: ReminderSettings;
  /** WEBHOOK_*: how the relay sends the organisations' webhooks (docs/webhooks.md). */
  webhooks: WebhookSettings;
  maxCachedWorkflows?: number;
  /** The workflow bundle made by `npm run build`; without one the worker bundles at start-up. */
  workflowBundlePath?: string;
  /** METRICS_PORT, METRICS_HOST, METRICS_TOKEN: the worker's /metrics (its own and Temporal's SDK's). */
  metrics: MetricsSettings;
  /** TEMPORAL_METRICS_PORT: where the SDK's own exporter listens, on loopback, for /metrics to relay (METRICS_PORT + 1 by default). */
  temporalMetricsPort?: number;
  logFormat: LogFormat;
}

const DAY_MS = 86_400_000;

/** The local default the README documents; refused in production. */
export const WORKER_DEVELOPMENT_DEFAULTS = {
  LINK_SECRET: 'development-only-link-secret-change-me-0123456789',
};

/** LINK_SECRET: 32 characters at least, and never the development default in production. */
function linkSecretFromEnv(env: NodeJS.ProcessEnv): string {
  const secret = env.LINK_SECRET || WORKER_DEVELOPMENT_DEFAULTS.LINK_SECRET;
  if (env.NODE_ENV === 'production' && secret === WORKER_DEVELOPMENT_DEFAULTS.LINK_SECRET) {
    throw new Error('LINK_SECRET must be set to a value of your own in production (the development default is refused)');
  }
  if (secret.length < 32) throw new Error('LINK_SECRET must be at least 32 characters');
  return secret;
}

/** dist/workflow-bundle.js beside the compiled worker, when the build made one. */
function prebuiltBundle(): string | undefined {
  const candidate = join(__dirname, '..', '..', '..', 'workflow-bundle.js');
  return existsSync(candidate) ? candidate : undefined;
}

/** Reads and checks the worker's environment; a wrong setting stops the start with its name. */
export function workerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const missing = ['DATABASE_URL', 'SMTP_URL'].filter((name) => !env[name]);
  if (missing.length) throw new Error(`missing setting(s): ${missing.join(', ')}`);
  const publicUrl = (env.PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const linkTtlDays = Number(env.LINK_TTL_DAYS ?? 120);
  if (!Number.isFinite(linkTtlDays) || linkTtlDays <= 0) throw new Error('LINK_TTL_DAYS must be a positive number of days');
  const cache = env.WORKER_MAX_CACHED_WORKFLOWS ? Number(env.WORKER_MAX_CACHED_WORKFLOWS) : undefined;
  if (cache !== undefined && !(Number.isInteger(cache) && cache >= 0)) throw new Error('WORKER_MAX_CACHED_WORKFLOWS must be an integer');
  const errors: string[] = [];
  const metrics = metricsSettingsFromEnv(env, errors);
  const logFormat = logFormatFromEnv(env, errors);
  const temporalMetricsPort = env.TEMPORAL_METRICS_PORT ? Number(env.TEMPORAL_METRICS_PORT) : metrics.port ? metrics.port + 1 : undefined;
  if (temporalMetricsPort !== undefined && !(Number.isInteger(temporalMetricsPort) && temporalMetricsPort > 0 && temporalMetricsPort < 65_536)) {
    errors.push(`TEMPORAL_METRICS_PORT must be a port number (got "${env.TEMPORAL_METRICS_PORT}")`);
  }
  if (errors.length) throw new Error(errors.join('; '));
  return {
    metrics,
    ...(temporalMetricsPort ? { temporalMetricsPort } : {}),
    logFormat,
    databaseUrl: env.DATABASE_URL as string,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    temporal: temporalSettingsFromEnv(env),
    smtpUrl: env.SMTP_URL as string,
    reminders: {
      publicUrl,
      mailFrom: env.MAIL_FROM ?? 'CTG <ne-pas-repondre@ctg.example.org>',
      linkTtlMs: linkTtlDays * DAY_MS,
      messageIdDomain: new URL(publicUrl).hostname || 'ctg.local',
      linkSecret: linkSecretFromEnv(env),
    },
    webhooks: webhookSettingsFromEnv(env),
    maxCachedWorkflows: cache,
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH ?? prebuiltBundle(),
  };
}
