import type { DataSource } from 'typeorm';
import type { DocumentStore } from './document-store';
import { PostgresDocumentStore } from './postgres-document-store';
import { S3DocumentStore, type S3DocumentStoreSettings } from './s3-document-store';

export type DocumentStoreSettings = { kind: 'postgres' } | ({ kind: 's3' } & S3DocumentStoreSettings);

const DEFAULT_REGION = 'us-east-1';
// S3's bucket naming rules, which also keep the name from being anything but one path segment.
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,50}$/;

function refuse(problem: string): never {
  throw new Error(`DOCUMENT_STORE_URL ${problem} (expected postgres, or s3+http(s)://ACCESS:SECRET@host:port/bucket?region=…)`);
}

function decoded(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return refuse(`has a ${what} that is not valid percent-encoding`);
  }
}

/**
 * Reads `DOCUMENT_STORE_URL`: unset, empty or `postgres` is the PostgreSQL store;
 * `s3+http://ACCESS:SECRET@host:port/bucket?region=…` (or `s3+https://`) an S3-compatible store,
 * the credentials percent-encoded. A wrong value is refused with what is wrong, never with the
 * value itself, which holds a secret.
 */
export function parseDocumentStoreUrl(value: string | undefined): DocumentStoreSettings {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'postgres') return { kind: 'postgres' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('is not a URL');
  }
  const scheme = { 's3+http:': 'http:', 's3+https:': 'https:' }[url.protocol];
  if (!scheme) return refuse('must start with s3+http:// or s3+https:// (or be postgres)');
  if (!url.hostname) refuse('names no host');
  const accessKeyId = decoded(url.username, 'access key');
  const secretAccessKey = decoded(url.password, 'secret key');
  if (!accessKeyId || !secretAccessKey) refuse('lacks the access key or the secret key (ACCESS:SECRET@ before the host)');
  const bucket = decoded(url.pathname.replace(/^\//, ''), 'bucket');
  if (!BUCKET_NAME.test(bucket)) refuse('must name one bucket after the host: 3 to 63 lower-case letters, digits, dots or hyphens');
  if (url.hash) refuse('has a #fragment');
  const region = url.searchParams.get('region') ?? DEFAULT_REGION;
  if (!REGION.test(region)) refuse('has a region that is not lower-case letters, digits and hyphens');
  // Not named: a mistyped URL may have put a secret there.
  if ([...url.searchParams.keys()].some((key) => key !== 'region')) refuse('has a parameter other than region');
  if (url.searchParams.getAll('region').length > 1) refuse('gives the region more than once');
  return {
    kind: 's3',
    endpoint: `${scheme}//${url.host}`,
    region,
    bucket,
    accessKeyId,
    secretAccessKey,
  };
}

/** The store `DOCUMENT_STORE_URL` names; the PostgreSQL one works in `database`, the application's connection. */
export function documentStoreFromUrl(url: string | undefined, database: DataSource): DocumentStore {
  const settings = parseDocumentStoreUrl(url);
  if (settings.kind === 'postgres') return new PostgresDocumentStore(database);
  const { kind: _kind, ...s3 } = settings;
  return new S3DocumentStore(s3);
}
