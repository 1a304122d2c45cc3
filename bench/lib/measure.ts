import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';

export interface Percentiles {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function percentiles(values: number[]): Percentiles {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  if (sorted.length === 0) return { count: 0, min: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    count: sorted.length,
    min: round(sorted[0]),
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

/** Runs `fn` over `items` with at most `concurrency` at once, in order of the items. */
export async function runPool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

export interface TimedResponse {
  status: number;
  body: any;
  ms: number;
  /** Wall-clock time (epoch ms) the answer arrived. */
  at: number;
  error?: string;
}

/** One HTTP call on loopback, timed from the request to the whole body; network errors come back as status 0. */
export async function http(baseUrl: string, method: string, path: string, token?: string, body?: unknown, timeoutMs = 120_000): Promise<TimedResponse> {
  const start = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: kept as text */
    }
    return { status: response.status, body: parsed, ms: performance.now() - start, at: Date.now() };
  } catch (error) {
    return { status: 0, body: undefined, ms: performance.now() - start, at: Date.now(), error: String(error) };
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `probe` until it returns true, at most `timeoutMs`; returns the time waited or throws. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<number> {
  const start = performance.now();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return performance.now() - start;
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not reached within ${Math.round(timeoutMs / 1000)} s`);
}

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; 0 when it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes (VmRSS of /proc/<pid>/status); 0 when it is gone. */
export function rssBytes(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface RssSample {
  t: number;
  [process: string]: number;
}

/** Samples the resident memory of named processes every `intervalMs`; keeps peaks and a thinned series. */
export class RssSampler {
  readonly peaks: Record<string, number> = {};
  readonly series: RssSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private count = 0;

  constructor(private readonly pids: Record<string, number | undefined>, private readonly intervalMs = 250) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Peaks since the last call (then reset), for one phase. */
  private phasePeaks: Record<string, number> = {};
  takePhasePeaks(): Record<string, number> {
    const peaks = this.phasePeaks;
    this.phasePeaks = {};
    return peaks;
  }

  sample(): void {
    const point: RssSample = { t: Date.now() - this.started };
    for (const [name, pid] of Object.entries(this.pids)) {
      const rss = rssBytes(pid);
      point[name] = rss;
      this.peaks[name] = Math.max(this.peaks[name] ?? 0, rss);
      this.phasePeaks[name] = Math.max(this.phasePeaks[name] ?? 0, rss);
    }
    // One point in four (a second apart) is enough for the record.
    if (this.count++ % 4 === 0) this.series.push(point);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }
}

/** CPU seconds of our processes and of the PostgreSQL backends serving one database, between two instants. */
export class CpuMeter {
  constructor(
    private readonly pids: Record<string, number | undefined>,
    private readonly databaseUrl: string,
    private readonly database: string,
  ) {}

  private async backends(): Promise<number[]> {
    const client = new PgClient({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
        this.database,
      ]);
      return rows.rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }

  async snapshot(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) out[name] = cpuSeconds(pid);
    const pg: Record<string, number> = {};
    for (const pid of await this.backends().catch(() => [])) pg[String(pid)] = cpuSeconds(pid);
    const own = process.cpuUsage();
    out.bench = (own.user + own.system) / 1e6;
    (out as Record<string, unknown>).__pg = pg;
    return out;
  }

  /** CPU seconds used between two snapshots, per process; `postgres` sums the database's backends (a backend that ended in between is not counted). */
  static delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of Object.keys(after)) {
      if (name === '__pg') continue;
      out[name] = round3(after[name] - (before[name] ?? 0));
    }
    const pgBefore = (before as Record<string, unknown>).__pg as Record<string, number>;
    const pgAfter = (after as Record<string, unknown>).__pg as Record<string, number>;
    out.postgres = round3(Object.entries(pgAfter).reduce((sum, [pid, s]) => sum + s - (pgBefore[pid] ?? 0), 0));
    return out;
  }
}

export const round3 = (v: number) => Math.round(v * 1000) / 1000;
export const round1 = (v: number) => Math.round(v * 10) / 10;
