import { ProcessLog } from '@ctg/observability';

/** What the SDK says that tells an operator nothing: this worker serves no Nexus endpoint, by design. */
const UNINFORMATIVE = new Set(['No Nexus services registered, not polling for Nexus tasks']);

/**
 * The Temporal SDK's log entries as the process's own lines: its state changes in words
 * (« worker draining »), its lines that tell nothing dropped, the rest as the SDK wrote them.
 */
export function sdkLogTo(log: ProcessLog): (level: string, message: string, meta?: Record<string, unknown>) => void {
  return (sdkLevel, message, meta) => {
    if (UNINFORMATIVE.has(message)) return;
    const level = sdkLevel === 'ERROR' ? 'error' : sdkLevel === 'WARN' ? 'warn' : 'info';
    if (message === 'Worker state changed' && typeof meta?.state === 'string') {
      const { state, ...rest } = meta;
      log(level, `worker ${state.toLowerCase().replace(/_/g, ' ')}`, rest);
      return;
    }
    log(level, message, meta);
  };
}
