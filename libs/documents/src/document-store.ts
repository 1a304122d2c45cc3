import type { Readable } from 'node:stream';

/** A file as the store holds it: addressed by the SHA-256 of its bytes. */
export interface StoredFile {
  /** Lower-case hexadecimal SHA-256 of the bytes: the file's address. */
  sha256: string;
  size: number;
}

/**
 * Where the campaign's documents live, content-addressed: the same bytes are stored once, and a
 * stored file is never changed or removed (the record refers to it by its hash). Implemented on
 * PostgreSQL (the default) and on an S3-compatible object store.
 */
export interface DocumentStore {
  /** Which kind of store, for the health page and the logs: `postgres` or `s3`. */
  readonly kind: 'postgres' | 's3';
  /** Whether a file of that hash is stored. */
  has(sha256: string): Promise<boolean>;
  /**
   * Stores the file at `path` (a local temporary file the caller already hashed) under its hash,
   * streaming it; a file already stored is left as it is. Resolves once the bytes are durable.
   */
  putFile(file: StoredFile, path: string): Promise<void>;
  /** The stored bytes as a stream, or undefined when no file has that hash. */
  open(sha256: string): Promise<{ size: number; stream: Readable } | undefined>;
  /** Every stored hash, for `record verify` (which re-hashes each through `open`). */
  list(): AsyncIterable<StoredFile>;
  close(): Promise<void>;
}
