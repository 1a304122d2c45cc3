import { durationMs } from '@ctg/domain';

/** How webhooks are sent: read by the worker (the relay) and the API (registration, rotation). */
export interface WebhookSettings {
  /** NODE_ENV=production: HTTPS only, and no private, loopback or link-local address ever. */
  production: boolean;
  /** WEBHOOK_TIMEOUT: one attempt, from connecting to the end of the answer. */
  timeoutMs: number;
  /** WEBHOOK_RETRY_FIRST: the wait after a first failed attempt; it doubles with each failure after. */
  retryFirstMs: number;
  /** WEBHOOK_RETRY_MAX: the longest wait between two attempts. */
  retryMaxMs: number;
  /** WEBHOOK_DISABLE_AFTER: an endpoint failing continuously this long is disabled and its managers told. */
  disableAfterMs: number;
  /** WEBHOOK_ROTATION_GRACE: how long the previous secret still signs after a rotation. */
  rotationGraceMs: number;
}

const DEFAULTS = {
  WEBHOOK_TIMEOUT: 'PT10S',
  WEBHOOK_RETRY_FIRST: 'PT30S',
  WEBHOOK_RETRY_MAX: 'PT1H',
  WEBHOOK_DISABLE_AFTER: 'PT24H',
  WEBHOOK_ROTATION_GRACE: 'PT24H',
};

/** Reads the WEBHOOK_* settings (ISO 8601 durations); a wrong one throws with its name. */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const errors: string[] = [];
  const read = (name: keyof typeof DEFAULTS): number => {
    const raw = env[name] || DEFAULTS[name];
    const ms = durationMs(raw);
    if (ms === undefined || ms <= 0) errors.push(`${name} must be a positive ISO 8601 duration such as ${DEFAULTS[name]} (got "${raw}")`);
    return ms ?? 0;
  };
  const settings: WebhookSettings = {
    production: env.NODE_ENV === 'production',
    timeoutMs: read('WEBHOOK_TIMEOUT'),
    retryFirstMs: read('WEBHOOK_RETRY_FIRST'),
    retryMaxMs: read('WEBHOOK_RETRY_MAX'),
    disableAfterMs: read('WEBHOOK_DISABLE_AFTER'),
    rotationGraceMs: read('WEBHOOK_ROTATION_GRACE'),
  };
  if (settings.retryMaxMs < settings.retryFirstMs) errors.push('WEBHOOK_RETRY_MAX must be at least WEBHOOK_RETRY_FIRST');
  if (errors.length) throw new Error(`invalid settings:\n- ${errors.join('\n- ')}`);
  return settings;
}
