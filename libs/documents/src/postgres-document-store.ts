import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { ChunkBuffers } from './chunk-buffers';
import type { DocumentStore, StoredFile } from './document-store';
import { StoredFileDamagedError, StoredFileMismatchError, assertStorableFile, isSha256Hex } from './stored-file-address';

/** Bytes per row of `stored_document_chunk`: large enough to keep rows few, small enough to hold one in memory. */
export const DOCUMENT_CHUNK_BYTES = 1024 * 1024;
/**
 * Chunks sent to the database at once by one store, whatever the number of files being stored:
 * each holds its buffer and pg's copy of it in the Bind message until PostgreSQL has it. Four keep
 * a 2-core PostgreSQL busy (measured in the benchmark's documents part, docs/benchmark.md).
 */
export const CONCURRENT_CHUNK_WRITES = 4;

/** Key space of the per-hash advisory locks (beside the record locks of record-lock.ts, 7_283_002). */
const DOCUMENT_LOCK_SPACE = 7_283_003;

export interface PostgresDocumentStoreOptions {
  /** How many hashes `list` reads per query. */
  listPageSize?: number;
  /** How many chunks may be on their way to the database at once, across every `putFile`. */
  concurrentChunkWrites?: number;
}

/**
 * The default store, in the application's own database (migration 1732839400000-document-store):
 * a file is a `stored_document` row and its bytes in numbered chunks. The application role may only
 * read and insert these tables.
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly kind = 'postgres' as const;
  private readonly listPageSize: number;
  private readonly chunkBuffers: ChunkBuffers;

  /** `database` stays the caller's: `close` leaves it open. */
  constructor(
    private readonly database: DataSource,
    options: PostgresDocumentStoreOptions = {},
  ) {
    this.listPageSize = options.listPageSize ?? 1000;
    this.chunkBuffers = new ChunkBuffers(DOCUMENT_CHUNK_BYTES, options.concurrentChunkWrites ?? CONCURRENT_CHUNK_WRITES);
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    const rows = await this.database.query(`SELECT 1 FROM stored_document WHERE sha256 = $1`, [sha256]);
    return rows.length > 0;
  }

  /**
   * One transaction: the chunks, then the `stored_document` row, so a file is either whole or
   * absent. Concurrent puts of one hash wait for each other on an advisory lock, and the later ones
   * find the file stored and write nothing. The bytes are re-hashed on the way: a file that is not
   * the one described is refused and nothing is kept.
   */
  async putFile(file: StoredFile, path: string): Promise<void> {
    assertStorableFile(file);
    const runner = this.database.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        await runner.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOCUMENT_LOCK_SPACE, file.sha256]);
        const stored = await runner.query(`SELECT 1 FROM stored_document WHERE sha256 = $1`, [file.sha256]);
        if (stored.length === 0) {
          const hash = createHash('sha256');
          let size = 0;
          const handle = await open(path, 'r');
          try {
            for (let chunkNo = 0; ; chunkNo++) {
              // The buffer is lent until PostgreSQL has answered the insert: pg copied it into its message by then.
              const bytesRead = await this.chunkBuffers.with(async (buffer) => {
                const chunk = await readChunk(handle, buffer, size);
                if (chunk.length === 0) return 0;
                hash.update(chunk);
                await runner.query(`INSERT INTO stored_document_chunk (sha256, chunk_no, bytes) VALUES ($1, $2, $3)`, [file.sha256, chunkNo, chunk]);
                return chunk.length;
              });
              if (bytesRead === 0) break;
              size += bytesRead;
            }
          } finally {
            await handle.close();
          }
          const sha256 = hash.digest('hex');
          if (sha256 !== file.sha256 || size !== file.size) {
            throw new StoredFileMismatchError(`the file holds ${size} bytes of SHA-256 ${sha256}, not the ${file.size} bytes of ${file.sha256} it was stored as`);
          }
          await runner.query(`INSERT INTO stored_document (sha256, size, stored_at) VALUES ($1, $2, now())`, [file.sha256, file.size]);
        }
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  async open(sha256: string): Promise<{ size: number; stream: Readable } | undefined> {
    if (!isSha256Hex(sha256)) return undefined;
    const [row]: { size: string }[] = await this.database.query(`SELECT size FROM stored_document WHERE sha256 = $1`, [sha256]);
    if (!row) return undefined;
    const size = Number(row.size);
    return { size, stream: Readable.from(this.chunks(sha256, size), { objectMode: false }) };
  }

  /** One chunk per query, fetched as the reader asks for it: never the whole file in memory. */
  private async *chunks(sha256: string, size: number): AsyncGenerator<Buffer> {
    let read = 0;
    for (let chunkNo = 0; read < size; chunkNo++) {
      const [chunk]: { bytes: Buffer }[] = await this.database.query(
        `SELECT bytes FROM stored_document_chunk WHERE sha256 = $1 AND chunk_no = $2`,
        [sha256, chunkNo],
      );
      // Checked before yielding: a reader never gets bytes beyond the recorded size.
      if (!chunk || read + chunk.bytes.length > size) {
        throw new StoredFileDamagedError(`stored file ${sha256}: its chunks do not add up to the ${size} bytes recorded`);
      }
      read += chunk.bytes.length;
      yield chunk.bytes;
    }
  }

  async *list(): AsyncIterable<StoredFile> {
    let after = '';
    for (;;) {
      const rows: { sha256: string; size: string }[] = await this.database.query(
        `SELECT sha256, size FROM stored_document WHERE sha256 > $1 ORDER BY sha256 LIMIT $2`,
        [after, this.listPageSize],
      );
      for (const row of rows) yield { sha256: row.sha256, size: Number(row.size) };
      if (rows.length < this.listPageSize) return;
      after = rows[rows.length - 1].sha256;
    }
  }

  async close(): Promise<void> {
    // The DataSource belongs to the application, which closes it.
  }
}

/** Fills `buffer` from `position` (a read may return less than asked); shorter only at the end of the file. */
async function readChunk(file: FileHandle, buffer: Buffer, position: number): Promise<Buffer> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
