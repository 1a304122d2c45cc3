import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FieldError, invalid } from '@ctg/domain';
import { ZipFile } from 'yazl';
import { actFileNames } from './act-file-names';
import { ACTS_MANIFEST_NAME, actsManifestCsv } from './acts-manifest';

/** One act to put in the ZIP: what names it, what it must hash to, and how to read it when its turn comes. */
export interface ActsZipEntry {
  signatoryId: string;
  bodyName: string;
  version: number;
  /** Lower-case hexadecimal SHA-256 of the act's bytes, as recorded. */
  sha256: string;
  size: number;
  open(): Promise<NodeJS.ReadableStream>;
}

const SHA256 = /^[0-9a-f]{64}$/;

function entryProblems(entries: ActsZipEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  entries.forEach((e, i) => {
    const fail = (field: string, message: string) => errors.push({ field: `entries[${i}].${field}`, message });
    if (typeof e.signatoryId !== 'string' || e.signatoryId === '') fail('signatoryId', 'must be a non-empty text');
    if (typeof e.bodyName !== 'string') fail('bodyName', 'must be a text');
    if (!Number.isInteger(e.version) || e.version < 1) fail('version', 'must be an integer of at least 1');
    if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) fail('sha256', 'must be 64 lower-case hexadecimal digits');
    if (!Number.isSafeInteger(e.size) || e.size < 0) fail('size', 'must be a whole number of bytes');
    if (typeof e.open !== 'function') fail('open', 'must be a function');
  });
  return errors;
}

/**
 * Passes the act's bytes through and fails at the end if they are not the recorded ones: a
 * store that returns other bytes breaks the download rather than hand out a wrong act under a
 * manifest that vouches for it.
 */
class RecordedHashCheck extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly fileName: string, private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    callback(actual === this.expected ? null : new Error(`${this.fileName}: the stored bytes hash to ${actual}, not the recorded ${this.expected}`));
  }
}

function destroyIfPossible(stream: unknown, error: Error): void {
  const s = stream as { destroy?: (error?: Error) => void };
  if (typeof s.destroy === 'function') s.destroy(error);
}

/**
 * Streams the campaign's acts as one ZIP into `output`, with `manifeste.csv` first (file name,
 * body, version, SHA-256, size). Acts are opened one at a time, when their turn comes, and pass
 * through without being held in memory; they are stored, not deflated, as a PDF is compressed
 * already. Resolves once `output` has taken the last byte.
 *
 * Entries that break the rules are refused (the domain's `invalid` error) before anything is
 * written. A failure once writing has begun (a store that cannot open an act, bytes that do not
 * match their recorded size or hash, an output that closes) rejects, destroys `output` so that the
 * reader sees a failed download rather than a short ZIP, and closes the act being read.
 */
export async function writeActsZip(entries: ActsZipEntry[], output: NodeJS.WritableStream): Promise<void> {
  const problems = Array.isArray(entries) ? entryProblems(entries) : [{ field: 'entries', message: 'must be a list' }];
  if (problems.length > 0) throw invalid(problems);

  const names = actFileNames(entries);
  const zip = new ZipFile();
  const mtime = new Date();
  let reading: NodeJS.ReadableStream | undefined;
  const zipFailed = new Promise<never>((_, reject) => zip.on('error', reject));

  const manifest = actsManifestCsv(entries.map((e, i) => ({ fileName: names[i], bodyName: e.bodyName, version: e.version, sha256: e.sha256, size: e.size })));
  zip.addBuffer(Buffer.from(manifest, 'utf8'), ACTS_MANIFEST_NAME, { mtime });
  entries.forEach((entry, i) => {
    zip.addReadStreamLazy(names[i], { mtime, size: entry.size, compress: false }, (callback) => {
      entry.open().then(
        (stream) => {
          reading = stream;
          const check = new RecordedHashCheck(names[i], entry.sha256);
          stream.on('error', (error: Error) => zip.emit('error', error));
          check.on('error', (error: Error) => zip.emit('error', error));
          callback(null, stream.pipe(check));
        },
        (error: Error) => callback(new Error(`${names[i]}: the act could not be opened (${error.message})`), undefined as unknown as NodeJS.ReadableStream),
      );
    });
  });
  zip.end();

  const piped = pipeline(zip.outputStream, output);
  try {
    await Promise.race([piped, zipFailed]);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (reading) destroyIfPossible(reading, failure);
    destroyIfPossible(zip.outputStream, failure);
    destroyIfPossible(output, failure);
    await piped.catch(() => undefined);
    throw failure;
  }
}
