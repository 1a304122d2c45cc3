import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The PostgreSQL client programs the backup and the restore run. */
export type PgTool = 'pg_dump' | 'pg_restore';

/**
 * The program's path: in `PG_BIN_DIR` when it is set (a client matching the server's major
 * version, say /usr/lib/postgresql/16/bin), else on PATH. Fails naming what is missing and how to
 * get it: a fresh machine has no PostgreSQL client.
 */
export function findPgTool(tool: PgTool, env: NodeJS.ProcessEnv = process.env): string {
  const dirs = env.PG_BIN_DIR ? [env.PG_BIN_DIR] : (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  const where = env.PG_BIN_DIR ? `in PG_BIN_DIR (${env.PG_BIN_DIR})` : 'on PATH';
  throw new Error(
    `${tool} was not found ${where}: install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client), ` +
      `of the server's major version or newer, or set PG_BIN_DIR to the folder holding ${tool}`,
  );
}

/**
 * The URL the client programs get: without its password, which goes through PGPASSWORD instead,
 * so that it does not show in the process list (`ps`) while a long dump runs.
 */
export function pgConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/**
 * Runs a client program with an argument array (never a shell: the file name is the operator's),
 * and resolves with its standard output; rejects with its standard error when it fails.
 */
export function runPgTool(path: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(new Error(`${path} failed (${signal ?? `exit ${code}`}): ${stderr || 'no message'}`));
    });
  });
}
