/**
 * A fixed set of equal buffers lent one at a time, in the order they were asked for. A writer that
 * streams files in chunks borrows one per chunk: the number of chunks in flight across every
 * concurrent write is bounded by the number of buffers, and the same memory is reused instead of
 * a fresh buffer per chunk, which the garbage collector would free late (V8 collects dead buffers
 * only after tens of MiB of them, see docs/documents.md).
 */
export class ChunkBuffers {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((buffer: Buffer) => void)[] = [];
  private created = 0;

  constructor(
    readonly bytesEach: number,
    readonly count: number,
  ) {
    if (!Number.isInteger(bytesEach) || bytesEach < 1) throw new RangeError(`bytesEach must be a positive whole number, not ${bytesEach}`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive whole number, not ${count}`);
  }

  /** Runs `use` with a buffer of its own, waiting for one when all are lent; the buffer is taken back when `use` settles. */
  async with<T>(use: (buffer: Buffer) => Promise<T>): Promise<T> {
    const buffer = await this.borrow();
    try {
      return await use(buffer);
    } finally {
      this.giveBack(buffer);
    }
  }

  private borrow(): Promise<Buffer> {
    const free = this.free.pop();
    if (free) return Promise.resolve(free);
    // Made when first needed: an API that stores nothing holds none.
    if (this.created < this.count) {
      this.created++;
      return Promise.resolve(Buffer.allocUnsafeSlow(this.bytesEach));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private giveBack(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(buffer);
    else this.free.push(buffer);
  }
}
