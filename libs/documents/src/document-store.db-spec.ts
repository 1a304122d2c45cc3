import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '@ctg/persistence';
import type { DocumentStore, StoredFile } from './document-store';
import { parseDocumentStoreUrl } from './document-store-settings';
import { DOCUMENT_CHUNK_BYTES, PostgresDocumentStore } from './postgres-document-store';
import { S3DocumentStore, type S3DocumentStoreSettings } from './s3-document-store';
import { StoredFileDamagedError, StoredFileMismatchError } from './stored-file-address';
import { verifyStoredFiles } from './stored-file-verification';

const MiB = 1024 * 1024;
const workDir = mkdtempSync(join(process.env.TEST_RUNTIME_DIR ?? tmpdir(), 'document-store-'));
let fileCount = 0;

/** A file of `size` random bytes, written and hashed a mebibyte at a time. */
function randomFile(size: number): { file: StoredFile; path: string } {
  const path = join(workDir, `file-${++fileCount}`);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; written += MiB) {
      const piece = randomBytes(Math.min(MiB, size - written));
      hash.update(piece);
      writeSync(fd, piece);
    }
  } finally {
    closeSync(fd);
  }
  return { file: { sha256: hash.digest('hex'), size }, path };
}

async function readBack(store: DocumentStore, sha256: string): Promise<StoredFile | undefined> {
  const opened = await store.open(sha256);
  if (!opened) return undefined;
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  expect(size).toBe(opened.size);
  return { sha256: hash.digest('hex'), size };
}

async function listed(store: DocumentStore, sha256: string): Promise<StoredFile[]> {
  const found: StoredFile[] = [];
  for await (const file of store.list()) if (file.sha256 === sha256) found.push(file);
  return found;
}

interface StoreUnderTest {
  store: DocumentStore;
  /** The same store listing two hashes per page, so that `list` crosses pages. */
  pagedStore: DocumentStore;
  /** Changes a stored file's bytes behind the store's back, as someone with the storage's own access could. */
  tamper(sha256: string): Promise<void>;
  close(): Promise<void>;
}

/** What every DocumentStore must do, run against each real store. */
function documentStoreCases(name: string, setUp: () => Promise<StoreUnderTest>): void {
  describe(`${name} document store`, () => {
    let subject: StoreUnderTest;
    beforeAll(async () => {
      subject = await setUp();
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('gives back a 20 MiB file byte for byte, under its hash', async () => {
      const { file, path } = randomFile(20 * MiB);
      expect(await subject.store.has(file.sha256)).toBe(false);
      await subject.store.putFile(file, path);
      expect(await subject.store.has(file.sha256)).toBe(true);
      expect(await readBack(subject.store, file.sha256)).toEqual(file);
    });

    it('keeps an empty file', async () => {
      const path = join(workDir, 'empty');
      writeFileSync(path, '');
      const file = { sha256: createHash('sha256').digest('hex'), size: 0 };
      await subject.store.putFile(file, path);
      expect(await readBack(subject.store, file.sha256)).toEqual(file);
    });

    it('stores the same bytes once, whether put twice in a row or twice at once', async () => {
      const one = randomFile(3 * MiB + 5);
      await subject.store.putFile(one.file, one.path);
      await subject.store.putFile(one.file, one.path);
      expect(await listed(subject.store, one.file.sha256)).toEqual([one.file]);

      const other = randomFile(2 * MiB + 7);
      await Promise.all([subject.store.putFile(other.file, other.path), subject.store.putFile(other.file, other.path)]);
      expect(await listed(subject.store, other.file.sha256)).toEqual([other.file]);
      expect(await readBack(subject.store, other.file.sha256)).toEqual(other.file);
    });

    it('lists every stored file across pages', async () => {
      const files = [randomFile(10), randomFile(20), randomFile(30)];
      for (const { file, path } of files) await subject.store.putFile(file, path);
      const all: StoredFile[] = [];
      for await (const file of subject.pagedStore.list()) all.push(file);
      for (const { file } of files) expect(all.filter((f) => f.sha256 === file.sha256)).toEqual([file]);
      expect(new Set(all.map((f) => f.sha256)).size).toBe(all.length);
    });

    it('knows no file under an unknown hash or under something that is not a hash', async () => {
      const unknown = createHash('sha256').update(randomBytes(16)).digest('hex');
      for (const sha256 of [unknown, '../../etc/passwd', unknown.toUpperCase(), `${unknown}0`, '']) {
        expect(await subject.store.has(sha256)).toBe(false);
        expect(await subject.store.open(sha256)).toBeUndefined();
      }
    });

    it('refuses a file that is not the one described, or a hash that is not one, and stores nothing', async () => {
      const { file, path } = randomFile(1000);
      const claimed = { sha256: createHash('sha256').update('other bytes').digest('hex'), size: 1000 };
      await expect(subject.store.putFile(claimed, path)).rejects.toThrow(StoredFileMismatchError);
      expect(await subject.store.has(claimed.sha256)).toBe(false);
      await expect(subject.store.putFile({ ...file, size: 999 }, path)).rejects.toThrow(StoredFileMismatchError);
      expect(await subject.store.has(file.sha256)).toBe(false);
      await expect(subject.store.putFile({ sha256: '../x', size: 1000 }, path)).rejects.toThrow('sha256 must be 64 lower-case hexadecimal digits');
      await expect(subject.store.putFile({ sha256: file.sha256, size: -1 }, path)).rejects.toThrow('size must be a whole number');
      expect(await subject.store.has(file.sha256)).toBe(false);
    });

    it('verification names a missing file and an altered one, and passes the others', async () => {
      const intact = randomFile(2 * MiB + 1);
      const altered = randomFile(2 * MiB + 1);
      const missing = randomFile(10);
      await subject.store.putFile(intact.file, intact.path);
      await subject.store.putFile(altered.file, altered.path);
      expect(await verifyStoredFiles(subject.store, [intact.file, altered.file])).toEqual([]);

      await subject.tamper(altered.file.sha256);
      expect(await verifyStoredFiles(subject.store, [intact.file, altered.file, missing.file, intact.file])).toEqual([
        { sha256: altered.file.sha256, problem: 'altered' },
        { sha256: missing.file.sha256, problem: 'missing' },
      ]);
    });
  });
}

describe('on PostgreSQL', () => {
  const databaseUrl = () => process.env.TEST_DATABASE_URL as string;
  let application: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    // The API's connection: the application role, which may only read and insert.
    application = await openDatabase(databaseUrl(), 4);
    owner = createDataSource(databaseUrl(), 1);
    await owner.initialize();
  });
  afterAll(async () => {
    await application?.destroy();
    await owner?.destroy();
  });

  documentStoreCases('PostgreSQL', async () => ({
    store: new PostgresDocumentStore(application),
    pagedStore: new PostgresDocumentStore(application, { listPageSize: 2 }),
    tamper: async (sha256) => {
      await owner.query(`UPDATE stored_document_chunk SET bytes = set_byte(bytes, 7, get_byte(bytes, 7) # 1) WHERE sha256 = $1 AND chunk_no = 1`, [sha256]);
    },
    close: async () => undefined,
  }));

  it('lets the application role neither change nor remove a stored file', async () => {
    const store = new PostgresDocumentStore(application);
    const { file, path } = randomFile(10);
    await store.putFile(file, path);
    for (const statement of [
      `UPDATE stored_document SET size = 1`,
      `UPDATE stored_document_chunk SET bytes = '\\x00'`,
      `DELETE FROM stored_document_chunk`,
      `DELETE FROM stored_document`,
      `TRUNCATE stored_document_chunk`,
      `TRUNCATE stored_document CASCADE`,
    ]) {
      await expect(application.query(statement)).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
    }
    expect(await readBack(store, file.sha256)).toEqual(file);
  });

  it('stores files put at once whole, each, when the store sends one chunk at a time for all of them', async () => {
    const store = new PostgresDocumentStore(application, { concurrentChunkWrites: 1 });
    // Sizes around the chunk size: one under, exactly one, one over, several with a short last chunk.
    const files = [DOCUMENT_CHUNK_BYTES - 1, DOCUMENT_CHUNK_BYTES, DOCUMENT_CHUNK_BYTES + 1, 3 * DOCUMENT_CHUNK_BYTES + 17].map((size) => randomFile(size));
    await Promise.all(files.map(({ file, path }) => store.putFile(file, path)));
    for (const { file } of files) expect(await readBack(store, file.sha256)).toEqual(file);
    const chunks: { sha256: string; n: string }[] = await owner.query(
      `SELECT sha256, count(*) AS n FROM stored_document_chunk WHERE sha256 = ANY($1) GROUP BY sha256`,
      [files.map(({ file }) => file.sha256)],
    );
    expect(Object.fromEntries(chunks.map((c) => [c.sha256, Number(c.n)]))).toEqual(Object.fromEntries(files.map(({ file }) => [file.sha256, Math.ceil(file.size / DOCUMENT_CHUNK_BYTES)])));
  });

  it('reports a file whose last chunk was removed as altered, and its stream fails instead of ending short', async () => {
    const store = new PostgresDocumentStore(application);
    const { file, path } = randomFile(3 * DOCUMENT_CHUNK_BYTES);
    await store.putFile(file, path);
    await owner.query(`DELETE FROM stored_document_chunk WHERE sha256 = $1 AND chunk_no = 2`, [file.sha256]);
    expect(await verifyStoredFiles(store, [file])).toEqual([{ sha256: file.sha256, problem: 'altered' }]);
    await expect(readBack(store, file.sha256)).rejects.toThrow(StoredFileDamagedError);
  });
});

describe('on S3 (versitygw)', () => {
  documentStoreCases('S3', async () => {
    const settings = parseDocumentStoreUrl(process.env.TEST_S3_URL);
    if (settings.kind !== 's3') throw new Error('TEST_S3_URL does not name an S3 bucket');
    const { kind: _kind, ...s3 } = settings;
    const raw = s3Client(s3);
    const store = new S3DocumentStore(s3);
    const pagedStore = new S3DocumentStore({ ...s3, listPageSize: 2 });
    return {
      store,
      pagedStore,
      tamper: async (sha256) => {
        await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `sha256/${sha256}`, Body: randomBytes(2 * MiB + 1) }));
      },
      close: async () => {
        raw.destroy();
        await Promise.all([store.close(), pagedStore.close()]);
      },
    };
  });
});

function s3Client(settings: S3DocumentStoreSettings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: true,
  });
}
