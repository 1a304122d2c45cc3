import { DataSource } from 'typeorm';
import { GENESIS_HASH, chainHash } from './record-chain';

/**
 * Why a chain breaks, at its first broken link:
 * - `edited`: the stored event no longer matches its hash (data, type, actor, time or id changed);
 * - `missing`: a seq is absent (an event deleted), or the record stops before the last seq the read
 *   model projected (events deleted at its end);
 * - `order`: the event at this seq was chained at another seq (events reordered);
 * - `link`: the event is intact but does not follow the previous one (that one was rewritten
 *   together with its hash, or the rows come from another chain).
 */
export type BreakReason = 'edited' | 'missing' | 'order' | 'link';

export interface RecordVerification {
  campaignId: string;
  valid: boolean;
  /** Events read from the record. */
  events: number;
  /** The stored hash of the last event: the value an archive prints and an auditor compares. */
  lastHash: string;
  firstBrokenSeq?: number;
  reason?: BreakReason;
  /** A sentence naming the broken link. */
  detail?: string;
}

export interface ChainRow {
  campaignId: string;
  seq: number;
  id: string;
  type: string;
  occurredAt: Date | string;
  actor: unknown;
  data: unknown;
  prevHash: string;
  hash: string;
}

const PAGE = 2000;

/** Reads a campaign's record in seq order, page by page, with its chain columns. */
export async function* readChain(dataSource: DataSource, campaignId: string): AsyncGenerator<ChainRow> {
  let after = 0;
  for (;;) {
    const rows: {
      seq: number; id: string; type: string; occurred_at: Date; actor: unknown; data: unknown; prev_hash: string; hash: string;
    }[] = await dataSource.query(
      `SELECT seq, id, type, occurred_at, actor, data, prev_hash, hash FROM campaign_event
       WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [campaignId, after, PAGE],
    );
    for (const r of rows) {
      yield { campaignId, seq: r.seq, id: r.id, type: r.type, occurredAt: r.occurred_at, actor: r.actor, data: r.data, prevHash: r.prev_hash, hash: r.hash };
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].seq;
  }
}

/**
 * Recomputes a campaign's hash chain from its stored rows and reports the first broken link.
 * The read model's last projected seq anchors the end of the record, so events deleted at the end
 * are found too; the archive's printed final hash anchors it outside the database.
 */
export async function verifyRecord(dataSource: DataSource, campaignId: string): Promise<RecordVerification> {
  const rows: ChainRow[] = [];
  for await (const row of readChain(dataSource, campaignId)) rows.push(row);
  const [view] = await dataSource.query(`SELECT last_seq FROM campaign_view WHERE id = $1`, [campaignId]);
  return verifyChain(campaignId, rows, view?.last_seq);
}

/** The check itself, on rows in seq order: pure, so it can run on an exported archive too. */
export function verifyChain(campaignId: string, rows: ChainRow[], projectedLastSeq?: number): RecordVerification {
  const base = { campaignId, events: rows.length, lastHash: rows.length ? rows[rows.length - 1].hash : GENESIS_HASH };
  const broken = (seq: number, reason: BreakReason, detail: string): RecordVerification => ({
    ...base,
    valid: false,
    firstBrokenSeq: seq,
    reason,
    detail,
  });
  const seqByHash = new Map(rows.map((r) => [r.hash, r.seq]));

  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      const gap = row.seq - 1 === expectedSeq ? `seq ${expectedSeq} is` : `seqs ${expectedSeq} to ${row.seq - 1} are`;
      return broken(expectedSeq, 'missing', `${gap} missing: the record jumps from seq ${expectedSeq - 1} to seq ${row.seq} (deleted)`);
    }
    const intact = chainHash(row.prevHash, row) === row.hash;
    const linked = row.prevHash === previous;
    if (!intact) {
      const original = originalSeq(row, seqByHash);
      if (original !== undefined && original !== row.seq) {
        return broken(row.seq, 'order', `seq ${row.seq} holds the event recorded as seq ${original} (${row.type}): events were reordered`);
      }
      return broken(row.seq, 'edited', `seq ${row.seq} (${row.type}) no longer matches its hash: the event was edited`);
    }
    if (!linked) {
      const holder = seqByHash.get(row.prevHash);
      return holder !== undefined
        ? broken(row.seq, 'order', `seq ${row.seq} (${row.type}) was chained after seq ${holder}, not after seq ${row.seq - 1}: events were reordered`)
        : broken(
            Math.max(row.seq - 1, 1),
            'link',
            `seq ${row.seq} does not follow seq ${row.seq - 1}: seq ${row.seq - 1} was rewritten together with its hash`,
          );
    }
    previous = row.hash;
    expectedSeq++;
  }
  if (projectedLastSeq !== undefined && projectedLastSeq > rows.length) {
    const gap = projectedLastSeq === expectedSeq ? `seq ${expectedSeq} is` : `seqs ${expectedSeq} to ${projectedLastSeq} are`;
    return broken(expectedSeq, 'missing', `${gap} missing: the read model projected up to seq ${projectedLastSeq} (deleted at the end)`);
  }
  return { ...base, valid: true };
}

/** The seq an event was chained at, when its content hashes right under another seq. */
function originalSeq(row: ChainRow, seqByHash: Map<string, number>): number | undefined {
  const before = row.prevHash === GENESIS_HASH ? 0 : seqByHash.get(row.prevHash);
  if (before === undefined) return undefined;
  const candidate = before + 1;
  return chainHash(row.prevHash, { ...row, seq: candidate }) === row.hash ? candidate : undefined;
}
