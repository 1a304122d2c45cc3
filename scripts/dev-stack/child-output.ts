import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A server's output into its log file, or drained: a full pipe would stall the server. */
export function keepChildOutput(child: ChildProcess, logFile?: string): void {
  if (logFile) {
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
}
