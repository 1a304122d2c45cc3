import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goBinaryCache } from './temporal-cli';

const SOURCE = join(__dirname, '..', 'compose-check');

/**
 * The compose-check program (scripts/compose-check: compose-go, the loader of Docker Compose v2),
 * built once with Go into the cache of Go-built binaries, under a name that changes with its
 * source, go.mod or go.sum: an edit builds it again, a rerun reuses it.
 */
export function findOrBuildComposeCheck(log: (line: string) => void = console.log): string {
  const digest = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) digest.update(readFileSync(join(SOURCE, file)));
  const binDir = goBinaryCache(`compose-check-${digest.digest('hex').slice(0, 16)}`);
  const binary = join(binDir, 'compose-check');
  if (existsSync(binary)) return binary;
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('compose-check is not built and Go is missing to build it: install Go');
  }
  log(`Building compose-check with Go into ${binDir} (once)…`);
  mkdirSync(binDir, { recursive: true });
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: SOURCE, env: { ...process.env, GOFLAGS: '-mod=mod' }, stdio: 'inherit' });
  return binary;
}

export interface ComposeCheck {
  ok: boolean;
  /** The resolved project (compose-go's JSON) when it loads. */
  project?: ComposeProject;
  /** compose-go's errors, one a line, when it does not. */
  errors: string[];
}

export interface ComposeProject {
  name: string;
  services: Record<string, ComposeService>;
  configs?: Record<string, { file?: string; content?: string }>;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  volumes?: Array<{ type: string; source?: string; target: string }>;
  configs?: Array<{ source: string; target?: string }>;
  environment?: Record<string, string | null>;
}

/** Loads `composeFile` with `envFile` as `docker compose config` would, and says what it found. */
export function checkComposeFile(binary: string, composeFile: string, envFile: string): ComposeCheck {
  try {
    const out = execFileSync(binary, [composeFile, envFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, project: JSON.parse(out) as ComposeProject, errors: [] };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    return { ok: false, errors: stderr.split('\n').filter(Boolean) };
  }
}
