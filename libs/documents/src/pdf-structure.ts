import { createInflate } from 'node:zlib';

/**
 * The byte-level checks of a PDF's frame that pdf-lib's lenient parser skips: it reads objects one
 * after another from the start and never looks at the end of the file, so a file cut short after
 * its last complete object loads without complaint. These functions read only the head, the tail
 * and the stream dictionaries; the object syntax is pdf-lib's job.
 */

/** How far from the start a reader looks for `%PDF-` (PDF 32000-1, implementation note 13). */
export const HEADER_WINDOW = 1024;
/** How far from the end a reader looks for `%%EOF` and `startxref`. */
export const TRAILER_WINDOW = 1024;

const HEADER = Buffer.from('%PDF-');
const EOF_MARKER = Buffer.from('%%EOF');
const STARTXREF = Buffer.from('startxref');

/** The offset of `%PDF-` in the first bytes of the file, or -1 when there is none. */
export function headerOffset(head: Buffer): number {
  return head.subarray(0, HEADER_WINDOW).indexOf(HEADER);
}

export type TrailerFinding =
  | { kind: 'found'; startxref: number }
  | { kind: 'no_eof' }
  | { kind: 'no_startxref' };

/**
 * Reads the last `startxref N %%EOF` of the file from its last bytes (`tail`). A file cut short
 * lost these, whatever else survived.
 */
export function findStartxref(tail: Buffer): TrailerFinding {
  const eof = tail.lastIndexOf(EOF_MARKER);
  if (eof === -1) return { kind: 'no_eof' };
  const keyword = tail.subarray(0, eof).lastIndexOf(STARTXREF);
  if (keyword === -1) return { kind: 'no_startxref' };
  const between = tail.subarray(keyword + STARTXREF.length, eof).toString('latin1');
  const offset = /^\s*(\d{1,15})\s*$/.exec(between);
  if (!offset) return { kind: 'no_startxref' };
  return { kind: 'found', startxref: Number(offset[1]) };
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/**
 * Whether `offset` (the trailer's `startxref`) points at a cross-reference table (`xref`) or at an
 * indirect object (`12 0 obj`, a cross-reference stream). Some writers count offsets from the
 * header rather than from the first byte, as readers tolerate, hence `headerAt`.
 */
export function pointsAtXref(bytes: Buffer, offset: number, headerAt: number): boolean {
  return [offset, offset + headerAt].some((candidate) => {
    let at = candidate;
    while (at < bytes.length && WHITESPACE.has(bytes[at])) at++;
    const text = bytes.subarray(at, at + 32).toString('latin1');
    return text.startsWith('xref') || /^\d{1,10}\s+\d{1,5}\s+obj\b/.test(text);
  });
}

/**
 * Whether the file holds at least one indirect object (`12 0 obj`): a text file that merely starts
 * with `%PDF-` does not.
 */
export function holdsObjects(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('obj'); at !== -1; at = bytes.indexOf('obj', at + 3)) {
    const before = bytes.subarray(Math.max(0, at - 24), at + 3).toString('latin1');
    if (/\d\s+\d+\s+obj$/.test(before)) return true;
  }
  return false;
}

/** Streams pdf-lib inflates whole while loading: object streams and cross-reference streams. */
const DECODED_ON_LOAD = ['/ObjStm', '/XRef'];
/** How far after its `/Type` such a stream's data may start: its dictionary is small. */
const DICTIONARY_REACH = 4096;
const NAME_CHAR = /[A-Za-z0-9#._-]/;

/**
 * Whether the object streams and cross-reference streams inflate, together, to at most
 * `maxBytes`. pdf-lib decodes these whole into memory while loading, so a few kilobytes of
 * deflated zeros would take gigabytes: they are measured here first, streaming through zlib and
 * discarding the output. Anything zlib cannot read is left for pdf-lib to judge. The bytes are
 * searched as bytes, not copied into a string (the file may be 50 MiB).
 */
export async function decodedStreamsWithin(bytes: Buffer, maxBytes: number): Promise<boolean> {
  let budget = maxBytes;
  for (const name of DECODED_ON_LOAD) {
    for (let at = bytes.indexOf(name); at !== -1; at = bytes.indexOf(name, at + name.length)) {
      const next = bytes[at + name.length];
      if (next !== undefined && NAME_CHAR.test(String.fromCharCode(next))) continue;
      const window = bytes.subarray(at, at + DICTIONARY_REACH).toString('latin1');
      const keyword = /(?<!end)stream\r?\n/.exec(window);
      if (!keyword || window.slice(0, keyword.index).includes('endobj')) continue;
      budget -= await inflatedSize(bytes.subarray(at + keyword.index + keyword[0].length), budget);
      if (budget < 0) return false;
    }
  }
  return true;
}

/** How many bytes `data` inflates to, counting no further than one past `limit`. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let produced = 0;
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > limit) {
        inflate.destroy();
        resolve(produced);
      }
    });
    inflate.on('end', () => resolve(produced));
    inflate.on('error', () => resolve(produced));
    inflate.end(data);
  });
}
