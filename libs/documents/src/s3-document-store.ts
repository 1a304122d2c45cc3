import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { DocumentStore, StoredFile } from './document-store';
import { StoredFileDamagedError, StoredFileMismatchError, assertStorableFile, isSha256Hex } from './stored-file-address';

/** Where an S3-compatible object store is and how to sign in (document-store-settings.ts reads it from a URL). */
export interface S3DocumentStoreSettings {
  /** `http(s)://host[:port]`, the server's address; buckets are addressed by path. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** How many keys `list` asks for per request (S3 answers 1,000 at most). */
  listPageSize?: number;
}

const KEY_PREFIX = 'sha256/';

/** The object key of a stored file; `sha256` is checked to be 64 hex digits before it gets here. */
function objectKey(sha256: string): string {
  return `${KEY_PREFIX}${sha256}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/** The production store: one object per file, under `sha256/<hex>` in one bucket. */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly listPageSize: number;

  constructor(settings: S3DocumentStoreSettings) {
    this.bucket = settings.bucket;
    this.listPageSize = settings.listPageSize ?? 1000;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Self-hosted S3 servers answer on one host name, the bucket in the path.
      forcePathStyle: true,
      // The SDK's default integrity checksums (2025) are refused by several S3-compatible servers;
      // the store checks each file's size after upload and its SHA-256 when verified.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.storedSize(sha256)) !== undefined;
  }

  private async storedSize(sha256: string): Promise<number | undefined> {
    if (!isSha256Hex(sha256)) return undefined;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey(sha256) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Hashes the file first, so that bytes which are not the file described never reach the bucket
   * (an upload would replace the object of that key); then streams it up in parts, hashing it again
   * on the way in case it changed meanwhile, and checks the size the server holds.
   */
  async putFile(file: StoredFile, path: string): Promise<void> {
    assertStorableFile(file);
    if (await this.has(file.sha256)) return;
    await refuseOtherBytes(file, path);

    const key = objectKey(file.sha256);
    const uploaded = createHash('sha256');
    const body = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        uploaded.update(chunk);
        done(null, chunk);
      },
    });
    const reading = pipeline(createReadStream(path), body);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
    });
    const sending = upload.done().catch((error: unknown) => {
      // Lets the file's read stream go instead of waiting for a reader that is gone.
      body.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
    await Promise.all([reading, sending]);

    const sentSha256 = uploaded.digest('hex');
    const storedSize = await this.storedSize(file.sha256);
    if (sentSha256 !== file.sha256 || storedSize !== file.size) {
      // The object holds other bytes than its key says: remove it rather than leave it answering `has`.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      throw new StoredFileDamagedError(`stored file ${file.sha256}: the bucket holds ${storedSize ?? 'no'} bytes of the ${file.size} sent, or the file changed while it was uploaded`);
    }
  }

  async open(sha256: string): Promise<{ size: number; stream: Readable } | undefined> {
    if (!isSha256Hex(sha256)) return undefined;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey(sha256) }));
      if (!(object.Body instanceof Readable)) throw new Error(`stored file ${sha256}: the S3 client returned no stream`);
      return { size: object.ContentLength ?? 0, stream: object.Body };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *list(): AsyncIterable<StoredFile> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: KEY_PREFIX, MaxKeys: this.listPageSize, ContinuationToken: continuationToken }),
      );
      for (const object of page.Contents ?? []) {
        const sha256 = object.Key?.slice(KEY_PREFIX.length);
        // Anything else someone put in the bucket is not a stored file.
        if (isSha256Hex(sha256)) yield { sha256, size: object.Size ?? 0 };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** Streams the file through SHA-256 and refuses it unless it is the file described. */
async function refuseOtherBytes(file: StoredFile, path: string): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== file.sha256 || size !== file.size) {
    throw new StoredFileMismatchError(`the file holds ${size} bytes of SHA-256 ${sha256}, not the ${file.size} bytes of ${file.sha256} it was stored as`);
  }
}
