import type { StoredFile } from './document-store';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Whether `value` can be a stored file's address: 64 lower-case hexadecimal digits. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Refuses, before anything is written, a file description no store could hold. */
export function assertStorableFile(file: StoredFile): void {
  if (!isSha256Hex(file.sha256)) throw new Error('sha256 must be 64 lower-case hexadecimal digits');
  if (!Number.isSafeInteger(file.size) || file.size < 0) throw new Error('size must be a whole number of bytes, 0 or more');
}

/**
 * The bytes a store holds no longer match what it recorded (a chunk missing, a size that differs):
 * the file was altered behind the store's back. Distinct from a store that cannot be reached.
 */
export class StoredFileDamagedError extends Error {
  override readonly name = 'StoredFileDamagedError';
}

/** The file at `path` is not the one its caller described: refused, nothing stored. */
export class StoredFileMismatchError extends Error {
  override readonly name = 'StoredFileMismatchError';
}
