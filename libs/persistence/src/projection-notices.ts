import { Client } from 'pg';
import { EntityManager } from 'typeorm';

/** The channel on which every append announces the campaign's last projected seq, at commit. */
export const PROJECTED_CHANNEL = 'campaign_projected';

/** Called inside the append's transaction: PostgreSQL delivers the notice only once it commits. */
export async function announceProjected(manager: EntityManager, campaignId: string, lastSeq: number): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, JSON.stringify({ campaignId, lastSeq })]);
}

interface Waiter {
  seq: number;
  resolve: (projected: boolean) => void;
}

export interface ProjectionWatcherOptions {
  connectionString: string;
  /** The campaign's last projected seq as the read model holds it, or undefined before its launch is projected. */
  readLastSeq: (campaignId: string) => Promise<number | undefined>;
  onError?: (message: string) => void;
  /** Called each time the watcher listens, at start and after a reconnection. */
  onListening?: () => void;
  /** Delay before listening again after the connection dropped. */
  reconnectMs?: number;
}

/**
 * Lets a request wait until its event is in the read model, woken by the append's own notice
 * (LISTEN/NOTIFY on one connection of its own) rather than by reading again and again. A notice
 * missed while the connection was down costs nothing but time: every wait ends at its deadline
 * with one last read.
 */
export class ProjectionWatcher {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private client: Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProjectionWatcherOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    for (const set of this.waiters.values()) for (const waiter of set) waiter.resolve(false);
    this.waiters.clear();
  }

  /** True once the campaign's projection reaches `seq`, false if it has not within `timeoutMs`. */
  async waitFor(campaignId: string, seq: number, timeoutMs: number): Promise<boolean> {
    let waiter: Waiter | undefined;
    const notified = new Promise<boolean>((resolve) => (waiter = { seq, resolve }));
    const set = this.waiters.get(campaignId) ?? new Set<Waiter>();
    set.add(waiter as Waiter);
    this.waiters.set(campaignId, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      // Registered first, read second: a notice that lands in between is not missed.
      if (await this.projectedUpTo(campaignId, seq)) return true;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      if (await Promise.race([notified, timedOut])) return true;
      return this.projectedUpTo(campaignId, seq);
    } finally {
      clearTimeout(timer);
      set.delete(waiter as Waiter);
      if (set.size === 0 && this.waiters.get(campaignId) === set) this.waiters.delete(campaignId);
    }
  }

  private async projectedUpTo(campaignId: string, seq: number): Promise<boolean> {
    try {
      return ((await this.options.readLastSeq(campaignId)) ?? 0) >= seq;
    } catch (error) {
      this.options.onError?.(`read model unavailable while waiting for ${campaignId}#${seq}: ${String(error)}`);
      return false;
    }
  }

  private notice(payload: string | undefined): void {
    let parsed: { campaignId?: unknown; lastSeq?: unknown };
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    if (typeof parsed.campaignId !== 'string' || typeof parsed.lastSeq !== 'number') return;
    for (const waiter of this.waiters.get(parsed.campaignId) ?? []) if (parsed.lastSeq >= waiter.seq) waiter.resolve(true);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('notification', (message) => {
      if (message.channel === PROJECTED_CHANNEL) this.notice(message.payload);
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, new Error('connection ended')));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${PROJECTED_CHANNEL}`);
    this.options.onListening?.();
  }

  /** After a reconnection: a notice sent while nobody listened is read back from the read model. */
  private async recheckWaiters(): Promise<void> {
    for (const [campaignId, set] of this.waiters) {
      const lastSeq = await this.options.readLastSeq(campaignId).catch(() => undefined);
      for (const waiter of set) if ((lastSeq ?? 0) >= waiter.seq) waiter.resolve(true);
    }
  }

  private dropped(client: Client, error: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.options.onError?.(`projection notices interrupted (${error.message}); listening again`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(() => this.recheckWaiters()).catch((error: Error) => {
        this.options.onError?.(`projection notices unavailable: ${error.message}`);
        this.scheduleReconnect();
      });
    }, this.options.reconnectMs ?? 1000);
  }
}
