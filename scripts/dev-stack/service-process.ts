import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { waitFor } from './wait-for';

export interface ServiceProcessOptions {
  /** Names the service in errors. */
  name: string;
  /** The compiled entry point (`dist/apps/worker/src/main.js`). */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Every start appends its output here; readiness is read from what this start wrote. */
  logFile: string;
  nodeFlags?: string[];
  /** Resolves once the service serves; throws until then. Receives the output of this start. */
  ready: (output: () => string) => Promise<void>;
  readyTimeoutMs?: number;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One of our services (the worker, the API) run as a real process that can be killed and started
 * again on the same settings: the benchmark's and the fault harness's unit of deployment.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<ServiceExit> | undefined;

  constructor(readonly options: ServiceProcessOptions) {}

  /** The process of the current start, running or not. */
  get process(): ChildProcess | undefined {
    return this.child;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the service and waits until it is ready; fails with the end of its log if it exits first. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    const from = existsSync(this.options.logFile) ? statSync(this.options.logFile).size : 0;
    const fd = openSync(this.options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...(this.options.nodeFlags ?? []), this.options.script], { env: this.options.env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const output = () => readFileSync(this.options.logFile, 'utf8').slice(from);
    await waitFor(
      this.options.name,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new ExitedEarly(`${this.options.name} exited (${child.exitCode ?? child.signalCode}):\n${lastLines(output())}`);
        }
        await this.options.ready(output);
      },
      this.options.readyTimeoutMs ?? 120_000,
      100,
      (error) => error instanceof ExitedEarly,
    );
  }

  /** Sends `signal` and waits for the process to exit; SIGKILL follows after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<ServiceExit> {
    const child = this.child;
    if (!child || !this.exit) return { code: null, signal: null };
    if (this.running) child.kill(signal);
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(kill);
    }
  }

  /** `kill -9`: no chance to finish anything. */
  kill(): Promise<ServiceExit> {
    return this.stop('SIGKILL');
  }

  /** The whole log of every start. */
  log(): string {
    return existsSync(this.options.logFile) ? readFileSync(this.options.logFile, 'utf8') : '';
  }
}

class ExitedEarly extends Error {}

function lastLines(text: string, lines = 20): string {
  return text.split('\n').slice(-lines).join('\n');
}
