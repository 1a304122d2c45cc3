import { DefaultLogger, Runtime } from '@temporalio/worker';

/** The Temporal runtime of a test process, logging warnings only; the first caller installs it. */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}
