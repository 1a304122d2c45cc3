import { FieldError, invalid } from '@ctg/domain';
import { actFileNames } from './act-file-names';
import { writeCheckedZip } from '../checked-zip';
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
 * Streams the campaign's acts as one ZIP into `output` (writeCheckedZip), with `manifeste.csv`
 * first (file name, body, version, SHA-256, size). Entries that break the rules are refused (the
 * domain's `invalid` error) before anything is written.
 */
export async function writeActsZip(entries: ActsZipEntry[], output: NodeJS.WritableStream): Promise<void> {
  const problems = Array.isArray(entries) ? entryProblems(entries) : [{ field: 'entries', message: 'must be a list' }];
  if (problems.length > 0) throw invalid(problems);

  const names = actFileNames(entries);
  const manifest = actsManifestCsv(entries.map((e, i) => ({ fileName: names[i], bodyName: e.bodyName, version: e.version, sha256: e.sha256, size: e.size })));
  await writeCheckedZip(
    [{ name: ACTS_MANIFEST_NAME, bytes: Buffer.from(manifest, 'utf8') }, ...entries.map((e, i) => ({ name: names[i], sha256: e.sha256, size: e.size, open: () => e.open() }))],
    output,
  );
}
