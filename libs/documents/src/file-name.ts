/** How long an uploaded file's name may be, in characters (code points). */
export const MAX_FILE_NAME_CHARACTERS = 255;

/**
 * Characters refused in a file name: C0 and C1 controls and DEL, the line and paragraph
 * separators, and the bidirectional overrides and isolates, which make `gpj.exe` display as
 * `exe.jpg`. The name is shown to administrators and sent back in Content-Disposition.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * What is wrong with a file name the client sent, or undefined when nothing is. A name is refused,
 * never quietly repaired, so that what is recorded is what the sender chose. It is never used as a
 * path (the file is stored under its hash), but a path separator in it is still a mistake.
 */
export function fileNameProblem(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return 'A file name is required.';
  if ([...name].length > MAX_FILE_NAME_CHARACTERS) return `The file name is longer than ${MAX_FILE_NAME_CHARACTERS} characters.`;
  if (/[/\\]/.test(name)) return 'The file name contains a path separator (/ or \\).';
  if (UNPRINTABLE.test(name)) return 'The file name contains a control character.';
  if (name.includes('\ufffd')) return 'The file name is not valid UTF-8.';
  if (name === '.' || name === '..') return 'The file name must name a file, not a directory.';
  return undefined;
}

/**
 * The Content-Disposition header value to download a file under `name` (RFC 6266): an ASCII
 * fallback for old clients, and the exact name in UTF-8 (RFC 8187 `filename*`).
 */
export function contentDisposition(name: string): string {
  // A lone surrogate has no UTF-8 form (encodeURIComponent would throw): it becomes U+FFFD.
  const wellFormed = name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return `attachment; filename="${asciiFallback(wellFormed)}"; filename*=UTF-8''${encodeExtValue(wellFormed)}`;
}

/** Accents dropped, anything else outside printable ASCII (and the quote and backslash) as `_`. */
function asciiFallback(name: string): string {
  const fallback = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return fallback === '' ? 'document' : fallback;
}

/** Percent-encodes all but RFC 8187's attr-char; encodeURIComponent leaves ' ( ) * as they are. */
function encodeExtValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
