import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import type { ArchivedEvent } from '@ctg/persistence/campaign-archive';
import { GENESIS_HASH, chainHash } from '@ctg/persistence/record-chain';
import { DOSSIER_ARCHIVE_JSON, DOSSIER_FORMAT, DOSSIER_MANIFEST, DossierManifest, isSafeZipPath } from './dossier';

export interface DossierProblem {
  /** The file at fault, when one is. */
  path?: string;
  message: string;
}

export interface DossierVerification {
  ok: boolean;
  problems: DossierProblem[];
  /** Files the manifest lists. */
  files: number;
  finalHash?: string;
}

const MiB = 1024 * 1024;
const MAX_MANIFEST = 10 * MiB;
const MAX_ARCHIVE = 200 * MiB;
const MAX_ENTRIES = 20_000;
/** What a dossier may unpack to in all: beyond, a ZIP bomb, not a dossier. */
const MAX_TOTAL = 8 * 1024 * MiB;
/** The roles of the files the record names by their hash. */
const RECORDED_ROLES = new Set(['convention', 'signed_convention', 'annex', 'act']);

interface ReadEntry {
  sha256: string;
  size: number;
  /** Kept only for the manifest and the archive, within their caps. */
  bytes?: Buffer;
  /** Why its bytes could not be read (a damaged deflate stream, a size other than declared): the other files are still checked. */
  unreadable?: string;
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, keepUpTo: number): Promise<ReadEntry> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('unreadable entry'));
      const hash = createHash('sha256');
      const kept: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (size <= keepUpTo) kept.push(chunk);
      });
      stream.on('error', (failure: Error) => {
        stream.destroy();
        reject(failure);
      });
      stream.on('end', () => resolve({ sha256: hash.digest('hex'), size, ...(keepUpTo > 0 && size <= keepUpTo ? { bytes: Buffer.concat(kept) } : {}) }));
    });
  });
}

/** Every entry of the ZIP, hashed as it streams; the manifest and the archive kept, within their caps. */
async function readZip(path: string): Promise<Map<string, ReadEntry>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, autoClose: true }, (error, opened) => (error || !opened ? reject(error) : resolve(opened))),
  );
  const entries = new Map<string, ReadEntry>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      zip.close();
      reject(error);
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.size >= MAX_ENTRIES) return fail(new Error(`more than ${MAX_ENTRIES} files`));
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      if (!isSafeZipPath(entry.fileName)) return fail(new Error(`an unsafe file name: ${JSON.stringify(entry.fileName.slice(0, 200))}`));
      if (entries.has(entry.fileName)) return fail(new Error(`${entry.fileName} twice`));
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL) return fail(new Error('it unpacks to more than 8 GiB'));
      const keep = entry.fileName === DOSSIER_MANIFEST ? MAX_MANIFEST : entry.fileName === DOSSIER_ARCHIVE_JSON ? MAX_ARCHIVE : 0;
      readEntry(zip, entry, keep).then(
        (read) => entries.set(entry.fileName, read),
        (error: Error) => entries.set(entry.fileName, { sha256: '', size: 0, unreadable: error.message }),
      ).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

function parseManifest(entry: ReadEntry | undefined): DossierManifest | string {
  if (!entry) return `the dossier has no ${DOSSIER_MANIFEST}`;
  if (entry.unreadable) return `${DOSSIER_MANIFEST} cannot be read: ${entry.unreadable}`;
  if (!entry.bytes) return `${DOSSIER_MANIFEST} is over ${MAX_MANIFEST / MiB} MiB`;
  let manifest: DossierManifest;
  try {
    manifest = JSON.parse(entry.bytes.toString('utf8'));
  } catch {
    return `${DOSSIER_MANIFEST} is not JSON`;
  }
  const files = manifest?.files;
  if (manifest?.format !== DOSSIER_FORMAT || !Array.isArray(files)) return `${DOSSIER_MANIFEST} is not a manifest of ${DOSSIER_FORMAT}`;
  const wellFormed = files.every(
    (f) => f && typeof f.path === 'string' && typeof f.role === 'string' && Number.isSafeInteger(f.size) && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256),
  );
  return wellFormed && typeof manifest.finalHash === 'string' ? manifest : `${DOSSIER_MANIFEST} lists a file without its path, role, size or SHA-256`;
}

/** The archive's chain recomputed from its events alone, and the hashes of the files it names. */
function checkArchive(entry: ReadEntry, manifest: DossierManifest, problems: DossierProblem[]): Set<string> {
  const path = DOSSIER_ARCHIVE_JSON;
  if (entry.unreadable) {
    problems.push({ path, message: 'cannot be read: the record’s chain is not checked' });
    return new Set();
  }
  if (!entry.bytes) {
    problems.push({ path, message: `over ${MAX_ARCHIVE / MiB} MiB: not checked` });
    return new Set();
  }
  let archive: { campaignId?: string; finalHash?: string; events?: ArchivedEvent[]; documents?: { sha256?: string }[] };
  try {
    archive = JSON.parse(entry.bytes.toString('utf8'));
  } catch {
    problems.push({ path, message: 'not JSON' });
    return new Set();
  }
  const events = Array.isArray(archive.events) ? archive.events : [];
  let previous = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    let hash: string;
    try {
      hash = chainHash(previous, { ...event, campaignId: String(archive.campaignId) });
    } catch {
      hash = '';
    }
    const broken =
      event?.seq !== i + 1
        ? `its seq is not ${i + 1}`
        : event.prevHash !== previous
          ? 'its prevHash is not the hash of the event before'
          : hash !== event.hash
            ? 'its hash is not the SHA-256 of its prevHash and its content'
            : undefined;
    if (broken) {
      problems.push({ path, message: `CHAIN BROKEN at event ${i + 1} (seq ${String(event?.seq)}): ${broken}` });
      break;
    }
    previous = hash;
  }
  if (events.length === 0) problems.push({ path, message: 'holds no events' });
  if (archive.finalHash !== previous) problems.push({ path, message: `its final hash ${String(archive.finalHash)} is not the hash of its last event ${previous}` });
  if (manifest.finalHash !== archive.finalHash) problems.push({ path: DOSSIER_MANIFEST, message: `its final hash ${manifest.finalHash} is not the archive's ${String(archive.finalHash)}` });
  return new Set((Array.isArray(archive.documents) ? archive.documents : []).map((d) => String(d?.sha256)));
}

/**
 * Checks a dossier de signature offline, with no server and no database: every file against the
 * manifest, the record's chain from the archive it holds, and every stored file against the hashes
 * the record names. Each problem names its file.
 */
export async function verifyDossier(zipPath: string): Promise<DossierVerification> {
  let entries: Map<string, ReadEntry>;
  try {
    entries = await readZip(zipPath);
  } catch (error) {
    return { ok: false, problems: [{ message: `not a readable ZIP: ${(error as Error).message}` }], files: 0 };
  }
  const manifest = parseManifest(entries.get(DOSSIER_MANIFEST));
  if (typeof manifest === 'string') return { ok: false, problems: [{ path: DOSSIER_MANIFEST, message: manifest }], files: 0 };

  const problems: DossierProblem[] = [];
  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path)) problems.push({ path: file.path, message: 'LISTED TWICE: the manifest lists it more than once' });
    listed.add(file.path);
    const found = entries.get(file.path);
    if (!found) problems.push({ path: file.path, message: 'FILE MISSING: the manifest lists it, the ZIP does not hold it' });
    else if (found.unreadable) problems.push({ path: file.path, message: `FILE UNREADABLE: its bytes cannot be read from the ZIP (${found.unreadable})` });
    else if (found.sha256 !== file.sha256 || found.size !== file.size) {
      problems.push({ path: file.path, message: `FILE ALTERED: the manifest gives sha256 ${file.sha256} (${file.size} bytes), the file hashes to ${found.sha256} (${found.size} bytes)` });
    }
  }
  for (const path of entries.keys()) {
    if (path !== DOSSIER_MANIFEST && !listed.has(path)) problems.push({ path, message: 'FILE ADDED: the manifest does not list it' });
  }
  const archive = entries.get(DOSSIER_ARCHIVE_JSON);
  if (!archive) problems.push({ path: DOSSIER_ARCHIVE_JSON, message: 'FILE MISSING: the record’s archive is not in the dossier' });
  else {
    const recorded = checkArchive(archive, manifest, problems);
    for (const file of manifest.files.filter((f) => RECORDED_ROLES.has(f.role) && !recorded.has(f.sha256))) {
      problems.push({ path: file.path, message: `NOT IN THE RECORD: no event of the record names sha256 ${file.sha256}` });
    }
  }
  return { ok: problems.length === 0, problems, files: manifest.files.length, finalHash: manifest.finalHash };
}
