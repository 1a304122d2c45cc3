import { createHash } from 'node:crypto';

/**
 * The hash chain of a campaign's legal record (docs/legal-record.md).
 *
 *   hash = SHA-256( prev_hash || canonical({campaignId, seq, id, type, occurredAt, actor, data}) )
 *
 * `prev_hash` is the previous event's `hash` as 64 lowercase hexadecimal ASCII characters, or
 * GENESIS_HASH for seq 1; the canonical form is UTF-8 encoded; `hash` is lowercase hexadecimal.
 * Any edit of a stored event, any deletion or reordering, breaks a link that anyone can recompute
 * from the rows alone, without trusting this application.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that the chain covers, as stored and read back. */
export interface ChainedFields {
  campaignId: string;
  seq: number;
  id: string;
  type: string;
  occurredAt: string | Date;
  actor: unknown;
  data: unknown;
}

/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme, for the values we store): object keys
 * sorted by UTF-16 code units at every level, no whitespace, members whose value is `undefined`
 * left out, arrays in their order, strings and numbers as ECMAScript's JSON.stringify writes them.
 * A value read back from PostgreSQL's jsonb (which reorders keys) gives the same text as the value
 * that was written.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
    if (typeof value === 'bigint') throw new Error('canonical JSON has no bigint');
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** The covered fields in the form they have once stored: ids in lowercase, instants in UTC to the millisecond. */
export function chainedContent(event: ChainedFields): string {
  return canonicalJson({
    campaignId: event.campaignId,
    seq: event.seq,
    id: event.id.toLowerCase(),
    type: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
    actor: event.actor,
    data: event.data,
  });
}

export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256').update(prevHash, 'ascii').update(chainedContent(event), 'utf8').digest('hex');
}

/** Chains events given in seq order after `prevHash`, returning each one's prev_hash and hash. */
export function chainEvents<T extends ChainedFields>(prevHash: string, events: T[]): Array<T & { prevHash: string; hash: string }> {
  let previous = prevHash;
  return events.map((event) => {
    const hash = chainHash(previous, event);
    const linked = { ...event, prevHash: previous, hash };
    previous = hash;
    return linked;
  });
}
