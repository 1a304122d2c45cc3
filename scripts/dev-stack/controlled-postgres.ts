import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RunningPostgres } from './postgres';

/** An embedded PostgreSQL in a control process (postgres-control-main), stopped and started on command. */
export async function startControlledPostgres(controlScript: string, dataDir: string, port: number): Promise<RunningPostgres> {
  const child = spawn(process.execPath, [controlScript, dataDir, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the PostgreSQL control process exited (${child.exitCode ?? child.signalCode})`);
    return line.value;
  };
  const ready = await next();
  if (!ready.startsWith('ready ')) throw new Error(`the PostgreSQL control process said: ${ready}`);
  let queue = Promise.resolve();
  const command = (word: 'stop' | 'start') => {
    const done = queue.then(async () => {
      child.stdin!.write(`${word}\n`);
      const answer = await next();
      if (answer !== 'done') throw new Error(`PostgreSQL ${word}: ${answer}`);
    });
    queue = done.catch(() => undefined);
    return done;
  };
  return {
    serverUrl: ready.slice('ready '.length),
    stop: () => command('stop'),
    start: () => command('start'),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
