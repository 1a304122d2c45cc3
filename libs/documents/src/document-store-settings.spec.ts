import { parseDocumentStoreUrl } from './document-store-settings';

describe('DOCUMENT_STORE_URL', () => {
  it('means the PostgreSQL store when unset, empty or postgres', () => {
    for (const value of [undefined, '', '  ', 'postgres']) expect(parseDocumentStoreUrl(value)).toEqual({ kind: 'postgres' });
  });

  it('reads an S3 bucket, its server, region and percent-decoded credentials', () => {
    expect(parseDocumentStoreUrl('s3+https://AKIA%2FKEY:s%3Acr%40t%2F%25@s3.example.org:9000/ctg-documents?region=eu-west-3')).toEqual({
      kind: 's3',
      endpoint: 'https://s3.example.org:9000',
      region: 'eu-west-3',
      bucket: 'ctg-documents',
      accessKeyId: 'AKIA/KEY',
      secretAccessKey: 's:cr@t/%',
    });
    expect(parseDocumentStoreUrl('s3+http://access:secret@127.0.0.1:7070/bucket')).toMatchObject({
      endpoint: 'http://127.0.0.1:7070',
      region: 'us-east-1',
      bucket: 'bucket',
    });
  });

  it.each([
    ['not a URL', 'is not a URL'],
    ['mysql://access:secret@host/bucket', 'must start with s3+http:// or s3+https:// (or be postgres)'],
    ['s3://access:secret@host/bucket', 'must start with s3+http:// or s3+https://'],
    ['s3+http:///bucket', 'names no host'],
    ['s3+http://host:9000/bucket', 'lacks the access key or the secret key'],
    ['s3+http://access@host:9000/bucket', 'lacks the access key or the secret key'],
    ['s3+http://access:secret@host:9000', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/a/b', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/..', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/Bucket', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/b%2Fc', 'must name one bucket'],
    ['s3+http://access:secret@host:9000/bucket#x', 'has a #fragment'],
    ['s3+http://access:secret@host:9000/bucket?region=EU%20West', 'has a region that is not'],
    ['s3+http://access:secret@host:9000/bucket?region=a&region=b', 'gives the region more than once'],
    ['s3+http://access:secret@host:9000/bucket?endpoint=x', 'has a parameter other than region'],
    ['s3+http://access:s%ZZ@host:9000/bucket', 'has a secret key that is not valid percent-encoding'],
  ])('refuses %s, saying what is wrong', (value, problem) => {
    expect(() => parseDocumentStoreUrl(value)).toThrow(`DOCUMENT_STORE_URL ${problem}`);
  });

  it('never repeats the secret in its refusal', () => {
    const secret = 'Tr3s-S3cret-Value';
    for (const value of [
      `s3+http://access:${secret}@host:9000/a/b`,
      `ftp://access:${secret}@host/bucket`,
      `${secret}:${secret}@host/bucket`,
      `s3+http://access:${secret}@host/bucket?${secret}=1`,
      `s3+http://access:${secret}@host/bucket?region=${secret}`,
    ]) {
      expect(() => parseDocumentStoreUrl(value)).toThrow(/DOCUMENT_STORE_URL/);
      try {
        parseDocumentStoreUrl(value);
      } catch (error) {
        expect(String(error)).not.toContain(secret);
      }
    }
  });
});
