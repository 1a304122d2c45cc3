import { ChunkBuffers } from './chunk-buffers';

/** A promise with its resolver outside, to hold a borrower until the test lets it go. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ChunkBuffers', () => {
  it('lends at most `count` buffers at once; the next borrower waits for one to come back', async () => {
    const buffers = new ChunkBuffers(16, 2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      buffers.with(async (buffer) => {
        started.push(index);
        await g.opened;
        return buffer;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[0].open();
    const first = await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1].open();
    gates[2].open();
    const [, second, third] = await Promise.all(runs);
    // The third borrower got the buffer the first gave back: no third buffer was made.
    expect(third).toBe(first);
    expect(second).not.toBe(first);
    expect(first.length).toBe(16);
  });

  it('serves waiting borrowers in the order they asked', async () => {
    const buffers = new ChunkBuffers(8, 1);
    const holder = gate();
    const order: string[] = [];
    const held = buffers.with(() => holder.opened);
    const waiting = ['a', 'b', 'c'].map((name) => buffers.with(async () => void order.push(name)));
    holder.open();
    await Promise.all([held, ...waiting]);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('takes the buffer back when the borrower fails, and passes the failure on', async () => {
    const buffers = new ChunkBuffers(8, 1);
    await expect(buffers.with(async () => Promise.reject(new Error('insert refused')))).rejects.toThrow('insert refused');
    await expect(buffers.with(async (buffer) => buffer.length)).resolves.toBe(8);
  });

  it('refuses a size or a count that is not a positive whole number', () => {
    expect(() => new ChunkBuffers(0, 1)).toThrow('bytesEach must be a positive whole number');
    expect(() => new ChunkBuffers(8, 1.5)).toThrow('count must be a positive whole number');
  });
});
