/**
 * SQLSTATE classes worth waiting out: 08 connection, 40 rollback (serialization, deadlock), 53
 * insufficient resources, 57 operator intervention (shutdown, restart, statement cancelled), and
 * 55P03 a lock not available.
 */
const TRANSIENT_SQLSTATE = /^(08|40|53|57|55P03$)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const LOST_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|not queryable|the database system is (starting up|shutting down)/i;

/**
 * PostgreSQL cannot be reached or asks to try again: the same statement may pass later untouched.
 * Anything else (a value refused, a constraint, a trigger, a conflict) fails the same way each time.
 */
export function isTransientDatabaseFailure(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | undefined;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  return TRANSIENT_SQLSTATE.test(code) || NETWORK_CODES.has(code) || LOST_CONNECTION.test(String(e?.message ?? ''));
}
