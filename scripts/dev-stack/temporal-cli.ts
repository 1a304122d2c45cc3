import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/** Our cache of Go-built binaries, outside the work tree: `~/.cache/ctg-temporal/<name>`. */
export function goBinaryCache(name: string): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ctg-temporal', name);
}

/** `go install` of `packages` (each `module/path@version`) into `binDir`, once. */
export function goInstall(packages: string[], binDir: string, what: string, log: (line: string) => void): void {
  if (!onPath('go')) throw new Error(`${what} is not installed and Go is missing to build it: install Go`);
  log(`Building ${what} with Go into ${binDir} (once; a few minutes)…`);
  mkdirSync(binDir, { recursive: true });
  execFileSync('go', ['install', ...packages], { env: { ...process.env, GOBIN: binDir, GOFLAGS: '-mod=mod' }, stdio: 'inherit' });
}

/**
 * The Temporal CLI (which embeds the dev server): `TEMPORAL_CLI` first, then `temporal` on PATH,
 * then a copy built once with `go install` into a cache outside the work tree.
 */
export function findOrBuildTemporalCli(log: (line: string) => void = console.log): string {
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) throw new Error(`TEMPORAL_CLI=${process.env.TEMPORAL_CLI} does not exist`);
    return process.env.TEMPORAL_CLI;
  }
  const installed = onPath('temporal');
  if (installed) return installed;
  const binDir = goBinaryCache(TEMPORAL_CLI_VERSION);
  const binary = join(binDir, 'temporal');
  if (!existsSync(binary)) {
    goInstall([`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], binDir, `the Temporal CLI ${TEMPORAL_CLI_VERSION}`, log);
  }
  return binary;
}
