/** Where a process serves `/metrics` (and the detailed `/health`): never to the public. */
export interface MetricsSettings {
  /** Unset: no metrics server (the default, so that several processes on one machine never fight for a port). */
  port?: number;
  host: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * METRICS_PORT, METRICS_HOST (127.0.0.1 by default) and METRICS_TOKEN. A metrics port reachable
 * beyond loopback without a token is refused: its gauges and error messages describe the installation.
 */
export function metricsSettingsFromEnv(env: NodeJS.ProcessEnv, errors: string[]): MetricsSettings {
  const host = env.METRICS_HOST || '127.0.0.1';
  const token = env.METRICS_TOKEN || undefined;
  const raw = env.METRICS_PORT;
  let port: number | undefined;
  if (raw !== undefined && raw !== '') {
    port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) errors.push(`METRICS_PORT must be a port number from 0 to 65535 (got "${raw}")`);
  }
  if (token !== undefined && token.length < 16) errors.push('METRICS_TOKEN must be at least 16 characters');
  if (port !== undefined && !LOOPBACK.test(host) && token === undefined) {
    errors.push(`METRICS_TOKEN is required when the metrics listen beyond loopback (METRICS_HOST=${host})`);
  }
  return { ...(port === undefined ? {} : { port }), host, ...(token ? { token } : {}) };
}
