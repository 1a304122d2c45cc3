import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { fileNameProblem } from './file-name';
import { checkPdf, type PdfProblem } from './pdf-check';
import { UploadRefused, type UploadRefusalStatus } from './upload-refused';

export interface UploadLimits {
  /** The largest file accepted, in bytes (50 MiB for the convention and the acts). */
  maxFileBytes: number;
  /** How long the upload may send nothing before it is refused as stalled (408). */
  stallTimeoutMs: number;
  /** The text fields the form may carry besides `file` (e.g. `kind`, `reason`); any other is refused. */
  fields: readonly string[];
  /** Where the temporary file goes; `os.tmpdir()` unless a test watches a folder of its own. */
  tempDir?: string;
}

export const DEFAULT_UPLOAD_LIMITS: Omit<UploadLimits, 'fields'> = {
  maxFileBytes: 50 * 1024 * 1024,
  stallTimeoutMs: 30_000,
};

/** A PDF received whole and checked, waiting in a temporary file for the caller to store it. */
export interface ReceivedUpload {
  /** The temporary file: ours, under a random name. */
  path: string;
  /** Lower-case hexadecimal SHA-256 of the bytes received, computed here as they arrived. */
  sha256: string;
  size: number;
  /** The name the sender gave, checked (no path, no control character, at most 255 characters). */
  fileName: string;
  fields: Record<string, string>;
  pages: number;
  /** Removes the temporary file; the caller calls it once the file is stored, or not wanted. */
  discard(): Promise<void>;
}

/** Parts a form may have: the file and a few text fields. Hundreds are refused at the eleventh. */
const MAX_PARTS = 10;
/** A text field's largest value, in bytes: a reason for a new version is a sentence or two. */
const MAX_FIELD_BYTES = 4096;
/** What multipart framing and text fields may add to the file's size in Content-Length. */
const FRAMING_ALLOWANCE = 64 * 1024;

const STATUS_OF_PROBLEM: Record<PdfProblem, UploadRefusalStatus> = {
  empty: 422,
  not_pdf: 415,
  truncated: 422,
  encrypted: 422,
  malformed: 422,
};

/**
 * Receives a PDF sent as `multipart/form-data` in the part named `file`, with the text fields
 * `limits.fields` allows: streams it to a temporary file while hashing and counting it, then
 * checks it is a PDF by parsing it. Refusals reject with `UploadRefused` once the temporary file
 * is removed; the request is then drained, unread, so that the caller can still answer it.
 */
export async function receivePdfUpload(request: IncomingMessage, limits: UploadLimits): Promise<ReceivedUpload> {
  const received = await receiveFile(request, limits);
  const discard = () => rm(received.path, { force: true });
  try {
    const check = await checkPdf(received.path);
    if (check.ok === false) throw new UploadRefused(STATUS_OF_PROBLEM[check.problem], 'file', check.message);
    return { ...received, pages: check.pages, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

type ReceivedFile = Omit<ReceivedUpload, 'pages' | 'discard'>;

function receiveFile(request: IncomingMessage, limits: UploadLimits): Promise<ReceivedFile> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return refuseUnread(request, new UploadRefused(415, 'file', 'The upload must be sent as multipart/form-data.'));
  }
  const declaredLength = Number(request.headers['content-length']);
  if (declaredLength > limits.maxFileBytes + FRAMING_ALLOWANCE + limits.fields.length * MAX_FIELD_BYTES) {
    return refuseUnread(request, tooLarge(limits));
  }
  // A part's headers need no limit of ours: busboy 1.6 refuses more than 16 KiB of them as
  // malformed (its `headerPairs` option applies to none of its parsers).
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // Busboy would otherwise keep only what follows the last separator: we refuse the name instead.
      preservePath: true,
      defParamCharset: 'utf8',
      limits: {
        parts: MAX_PARTS,
        files: 1,
        // One more than allowed, so that the field in excess reaches 'field' and is refused by
        // name, as unknown or repeated.
        fields: limits.fields.length + 1,
        fieldSize: MAX_FIELD_BYTES,
        // One byte more than allowed, so that a file of exactly the limit passes: busboy reports
        // the limit when it is reached, not when it is passed.
        fileSize: limits.maxFileBytes + 1,
      },
    });
  } catch (error) {
    return refuseUnread(request, new UploadRefused(400, 'file', `The multipart body cannot be read: ${(error as Error).message}.`));
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    const path = join(limits.tempDir ?? tmpdir(), `ctg-upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    const fields: Record<string, string> = {};
    let size = 0;
    let fileName: string | undefined;
    let output: WriteStream | undefined;
    let fileWritten = false;
    let bodyParsed = false;
    let settled = false;

    const stall = setTimeout(
      () => fail(new UploadRefused(408, 'file', `The upload stalled: nothing arrived for ${limits.stallTimeoutMs / 1000} s.`)),
      limits.stallTimeoutMs,
    );
    const onData = () => stall.refresh();
    const onEnd = () => clearTimeout(stall);
    const onClose = () => {
      if (!request.complete) fail(new UploadRefused(400, 'file', 'The upload was interrupted before its end.'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);

    function stopListening(): void {
      clearTimeout(stall);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
    }

    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      stopListening();
      request.unpipe(parser);
      // Later events of the abandoned parser are of no interest, but an error must not throw.
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      // Read and dropped, so that the answer reaches a client still sending.
      if (!request.destroyed) request.resume();
      void removePartialFile(output, path).then(
        () => reject(error),
        () => reject(error),
      );
    }

    function finishIfDone(): void {
      if (settled || !bodyParsed) return;
      if (fileName === undefined) return fail(new UploadRefused(400, 'file', 'No file: the PDF goes in the part named "file".'));
      if (!fileWritten) return;
      settled = true;
      stopListening();
      resolve({ path, sha256: hash.digest('hex'), size, fileName, fields });
    }

    parser.on('file', (name: string, stream: Readable, info: busboy.FileInfo) => {
      if (name !== 'file') {
        stream.resume();
        return fail(unknownField(name));
      }
      const problem = fileNameProblem(info.filename);
      if (problem !== undefined) {
        stream.resume();
        return fail(new UploadRefused(400, 'fileName', problem));
      }
      fileName = info.filename;
      stream.on('limit', () => fail(tooLarge(limits)));
      output = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      pipeline(stream, measure, output, (error) => {
        if (error) return fail(error);
        fileWritten = true;
        finishIfDone();
      });
    });
    parser.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
      if (name === 'file') return fail(new UploadRefused(400, 'fileName', 'A file name is required: the part named "file" has none.'));
      if (!limits.fields.includes(name)) return fail(unknownField(name));
      if (info.valueTruncated) return fail(new UploadRefused(400, name, `The field "${name}" is longer than ${MAX_FIELD_BYTES} bytes.`));
      if (Object.hasOwn(fields, name)) return fail(new UploadRefused(400, name, `The field "${name}" is given twice.`));
      fields[name] = value;
    });
    parser.on('partsLimit', () => fail(new UploadRefused(400, 'file', `The form has too many parts: at most ${MAX_PARTS}.`)));
    parser.on('filesLimit', () => fail(new UploadRefused(400, 'file', 'Send one file per upload.')));
    parser.on('error', (error: Error) => fail(new UploadRefused(400, 'file', `The multipart body is malformed: ${error.message}.`)));
    parser.on('close', () => {
      bodyParsed = true;
      finishIfDone();
    });
    request.pipe(parser);
  });
}

function tooLarge(limits: UploadLimits): UploadRefused {
  return new UploadRefused(413, 'file', `The file is larger than the limit of ${describeBytes(limits.maxFileBytes)}.`);
}

function unknownField(name: string): UploadRefused {
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return new UploadRefused(400, shown, `The form has an unknown field ${JSON.stringify(shown)}.`);
}

function describeBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${bytes} bytes`;
}

/** A refusal before reading: the body is drained so that the answer can be sent. */
function refuseUnread(request: IncomingMessage, refusal: UploadRefused): Promise<never> {
  request.resume();
  return Promise.reject(refusal);
}

/** Waits for the file to be closed (it may still be opening) before removing it, so that it stays removed. */
async function removePartialFile(output: WriteStream | undefined, path: string): Promise<void> {
  if (output !== undefined && !output.closed) {
    await new Promise<void>((resolve) => {
      output.once('close', resolve);
      output.destroy();
    });
  }
  await rm(path, { force: true });
}
