export type LogFormat = 'json' | 'readable';

/** LOG_FORMAT: `json` (the default in production, for a log collector) or `readable` (one plain line, for a person). */
export function logFormatFromEnv(env: NodeJS.ProcessEnv, errors: string[]): LogFormat {
  const raw = env.LOG_FORMAT;
  if (raw === undefined || raw === '') return env.NODE_ENV === 'production' ? 'json' : 'readable';
  if (raw !== 'json' && raw !== 'readable') errors.push(`LOG_FORMAT must be json or readable (got "${raw}")`);
  return raw === 'readable' ? 'readable' : 'json';
}

/** Temporal's log metadata may hold a bigint, which JSON.stringify refuses. */
const bigintAsText = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Nest's start-up chatter: every module loaded and every route mapped, of no use to a person watching. */
const QUIET_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory', 'NestApplication']);

/** Fields already said in the line, or of no use to a person reading it. */
const SAID = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'req', 'res', 'responseTime', 'context', 'reqId', 'err', 'sdkComponent', 'taskQueue', 'namespace',
  // Temporal's activity context: the workflow id and the activity's name say enough.
  'isLocal', 'attempt', 'taskToken', 'workflowRunId', 'workflowType', 'activityId', 'runId', 'workflowId', 'activityType']);

/**
 * One log record (pino's, or the worker's own) as one line a person reads, or undefined for a line
 * not worth showing. `HH:MM:SS` in local time: the console is for someone at this machine.
 */
export function readableLine(record: Record<string, unknown>, now: () => Date = () => new Date()): string | undefined {
  if (typeof record.context === 'string' && QUIET_CONTEXTS.has(record.context)) return undefined;
  const time = typeof record.time === 'number' || typeof record.time === 'string' ? new Date(record.time) : now();
  const clock = Number.isNaN(time.getTime()) ? '' : time.toTimeString().slice(0, 8);
  const level = typeof record.level === 'number' ? (PINO_LEVELS[record.level] ?? 'info') : String(record.level ?? 'info').toLowerCase();
  const marker = level === 'error' || level === 'fatal' ? 'ERROR ' : level === 'warn' ? 'warning: ' : '';
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { statusCode?: number } | undefined;
  if (req?.method && res?.statusCode !== undefined) {
    const ms = typeof record.responseTime === 'number' ? ` ${Math.round(record.responseTime)} ms` : '';
    return `${clock} ${marker}${req.method} ${req.url ?? ''} → ${res.statusCode}${ms}`;
  }
  const extras = Object.entries(record)
    .filter(([key, value]) => !SAID.has(key) && value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value, bigintAsText)}`);
  const err = record.err as { message?: string } | undefined;
  if (err?.message) extras.push(`error=${err.message}`);
  return `${clock} ${marker}${String(record.msg ?? '')}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

export type ProcessLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** A process's own lines (started, stopped, failed) in the chosen format: JSON on stdout, or the readable line. */
export function processLog(format: LogFormat, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): ProcessLog {
  return (level, msg, fields = {}) => {
    const record = { level, time: Date.now(), msg, ...fields };
    const line = format === 'json' ? JSON.stringify(record, bigintAsText) : readableLine(record);
    if (line !== undefined) write(line);
  };
}

/** A destination for pino that turns each JSON line into the readable one (pino writes one record per call). */
export function readableStream(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const text of chunk.split('\n')) {
        if (!text) continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(text);
        } catch {
          write(text);
          continue;
        }
        const line = readableLine(record);
        if (line !== undefined) write(line);
      }
    },
  };
}
