import { createServer } from 'node:net';

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails with a clear message when another process (an earlier start, say) already holds the port. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} (${what}) is already in use: is another instance running?`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** A free port in [from, to), tried at random: for services that cannot take an ephemeral one. */
export async function freePortBetween(from: number, to: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await assertPortFree(port, 'candidate').then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}
