import { open } from 'node:fs/promises';
import { ParseSpeeds, PDFCatalog, PDFDocument, PDFPageLeaf, PDFPageTree, type PDFObject } from 'pdf-lib';
import {
  decodedStreamsWithin,
  findStartxref,
  HEADER_WINDOW,
  headerOffset,
  holdsObjects,
  pointsAtXref,
  TRAILER_WINDOW,
} from './pdf-structure';

export type PdfProblem = 'empty' | 'not_pdf' | 'truncated' | 'encrypted' | 'malformed';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: PdfProblem; message: string };

/**
 * What the object streams and cross-reference streams may inflate to, together. Honest files need
 * a few MiB even at 50 MiB; pdf-lib holds the inflated bytes while it parses them.
 */
const MAX_DECODED_STRUCTURE_BYTES = 64 * 1024 * 1024;

/**
 * Whether the file at `path` is a well-formed PDF a council's act can be: it has a header, an
 * intact end (`startxref` pointing at a cross-reference section, `%%EOF`), it parses, it is not
 * encrypted, and its catalog holds at least one page. The file is judged by parsing it, never by
 * its first bytes alone.
 */
export async function checkPdf(path: string): Promise<PdfCheck> {
  const frame = await checkFrame(path);
  if (frame.ok === false) return frame;
  return oneAtATime(() => parseWhole(path, frame));
}

const NO_OBJECTS = 'The file is not a PDF: it starts like one but holds no PDF objects.';

type Frame = { ok: true; headerAt: number; startxref: number } | Extract<PdfCheck, { ok: false }>;

/** The head and the tail only, read through a handle: most refusals cost two small reads. */
async function checkFrame(path: string): Promise<Frame> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return refuse('empty', 'The file is empty.');
    const head = Buffer.alloc(Math.min(size, HEADER_WINDOW));
    await file.read(head, 0, head.length, 0);
    const headerAt = headerOffset(head);
    if (headerAt === -1) return refuse('not_pdf', 'The file is not a PDF: it has no %PDF- header.');
    const tail = Buffer.alloc(Math.min(size, TRAILER_WINDOW));
    await file.read(tail, 0, tail.length, size - tail.length);
    const trailer = findStartxref(tail);
    if (trailer.kind === 'no_eof') {
      // Without an end, tell a PDF cut short (it begins with objects) from text behind a PDF header.
      if (size > head.length && !holdsObjects(head)) return refuse('not_pdf', NO_OBJECTS);
      return refuse('truncated', 'The PDF is truncated: its end-of-file marker (%%EOF) is missing.');
    }
    if (trailer.kind === 'no_startxref') return refuse('truncated', 'The PDF is truncated: it does not end with the position of its cross-reference table (startxref).');
    if (trailer.startxref >= size) return refuse('truncated', 'The PDF is truncated: its cross-reference table lies beyond the end of the file.');
    return { ok: true, headerAt, startxref: trailer.startxref };
  } finally {
    await file.close();
  }
}

/** Everything that needs the whole file in memory. Runs inside `oneAtATime`. */
async function parseWhole(path: string, frame: Extract<Frame, { ok: true }>): Promise<PdfCheck> {
  const bytes = await readIntoScratch(path);
  if (!holdsObjects(bytes)) return refuse('not_pdf', NO_OBJECTS);
  if (!pointsAtXref(bytes, frame.startxref, frame.headerAt)) {
    return refuse('malformed', 'The PDF is damaged: startxref does not point at its cross-reference table.');
  }
  if (!(await decodedStreamsWithin(bytes, MAX_DECODED_STRUCTURE_BYTES))) {
    return refuse('malformed', 'The PDF is refused: its compressed object streams expand beyond 64 MiB.');
  }
  let document: PDFDocument;
  try {
    // Loaded despite encryption to ask `isEncrypted`: pdf-lib's EncryptedPDFError, compiled to
    // ES5, fails `instanceof` and would be told from a parse error only by its message.
    document = await PDFDocument.load(bytes, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      ignoreEncryption: true,
      parseSpeed: ParseSpeeds.Fast,
    });
  } catch {
    return refuse('malformed', 'The PDF is damaged: its objects cannot be parsed.');
  }
  if (document.isEncrypted) return refuse('encrypted', 'The PDF is encrypted or password-protected: send an unprotected copy.');
  const pages = countPages(document);
  if (pages === undefined) return refuse('malformed', 'The PDF is damaged: its page tree is missing or loops.');
  if (pages === 0) return refuse('empty', 'The PDF has no pages.');
  return { ok: true, pages };
}

/**
 * Counts the leaves of the page tree, or undefined when there is no catalog or page tree, or a
 * node is reached twice. pdf-lib's own walk recurses without memory of where it has been: a tree
 * whose nodes list the same kid twice, level after level, would take it 2^depth steps.
 */
function countPages(document: PDFDocument): number | undefined {
  try {
    const catalog: unknown = document.catalog;
    if (!(catalog instanceof PDFCatalog)) return undefined;
    const seen = new Set<PDFObject>();
    const pending: PDFObject[] = [catalog.Pages()];
    let pages = 0;
    while (pending.length > 0) {
      const node = pending.pop() as PDFObject;
      if (seen.has(node)) return undefined;
      seen.add(node);
      if (node instanceof PDFPageLeaf) pages++;
      else if (node instanceof PDFPageTree) {
        const kids = node.Kids();
        for (let index = 0; index < kids.size(); index++) {
          const kid = kids.lookup(index);
          if (kid === undefined) return undefined;
          pending.push(kid);
        }
      } else return undefined;
    }
    return pages;
  } catch {
    return undefined;
  }
}

function refuse(problem: PdfProblem, message: string): Extract<PdfCheck, { ok: false }> {
  return { ok: false, problem, message };
}

/**
 * The tail of the queue of whole-file checks. pdf-lib parses from bytes in memory, and uploads
 * arrive together (the benchmark sends ten 20 MiB files at once): checked side by side they would
 * raise the API's memory by 200 MiB, against a goal of 64 MiB. One file at a time bounds the check
 * to one file's bytes and its parse, whatever the number of uploads; the bytes are dropped as soon
 * as its check returns.
 */
let queueTail: Promise<unknown> = Promise.resolve();
let queued = 0;
/**
 * The buffer the file being checked is read into, reused from one check to the next while the
 * queue is busy: a fresh buffer per file would leave the previous ones to the garbage collector,
 * which frees them late (measured: ten 20 MiB checks in a row raised RSS by 80 MiB, against 20
 * with one buffer). Dropped when the queue empties, so an idle API does not keep 50 MiB.
 */
let scratch: Buffer | undefined;

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  queued++;
  const run = queueTail.then(task, task).finally(() => {
    if (--queued === 0) scratch = undefined;
  });
  queueTail = run.catch(() => undefined);
  return run;
}

/** The file's bytes, in `scratch`: valid until the next check begins. */
async function readIntoScratch(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (scratch === undefined || scratch.length < size) scratch = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await file.read(scratch, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return scratch.subarray(0, filled);
  } finally {
    await file.close();
  }
}
