import { Client } from 'pg';
import { PROJECTED_CHANNEL } from './projection-notices';

export interface OutboxRelayOptions {
  name: string;
  /** A connection of its own for LISTEN: every append's notice wakes the relay at once. */
  connectionString: string;
  /** Sends what is due; returns how many it took, and is called again at once while that is more than none. */
  drain: () => Promise<number>;
  /** Between two drains without a notice: retries fall due with time, and a notice may be missed. */
  intervalMs: number;
  /** When the next row falls due, if sooner than `intervalMs` (a retry in seconds): the relay drains then. */
  nextDueInMs?: () => Promise<number | undefined>;
  /** The channels whose notices wake it: every append's by default; more for changes that make rows due at once. */
  channels?: string[];
  onError: (message: string) => void;
}

/**
 * Drains an outbox written in the append's transaction: woken by the append's notice, and by a
 * timer for what falls due later. One drain at a time per relay; several workers each run theirs,
 * and the outbox's claims (SKIP LOCKED) keep them from taking the same row.
 */
export class OutboxRelay {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private nextDueMs: number | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen().catch((error: Error) => this.options.onError(`${this.options.name}: not listening (${error.message}); draining on its timer`));
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.running;
  }

  /** Drains now, or once more after the drain under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drainAll().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), Math.min(this.options.intervalMs, this.nextDueMs ?? Infinity));
      }
    });
  }

  private async drainAll(): Promise<void> {
    try {
      while (!this.stopped && (await this.options.drain()) > 0);
    } catch (error) {
      this.options.onError(`${this.options.name}: ${String((error as Error)?.message ?? error)}`);
    }
    this.nextDueMs = await this.options.nextDueInMs?.().catch(() => undefined);
    // A connection lost meanwhile listens again at the next drain.
    if (!this.client && !this.stopped) await this.listen().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('notification', () => this.wake());
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    await client.connect();
    if (this.stopped) {
      await client.end();
      return;
    }
    for (const channel of this.options.channels ?? [PROJECTED_CHANNEL]) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
  }
}
