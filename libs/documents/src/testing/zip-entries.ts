import { Entry, ZipFile, fromBuffer } from 'yauzl';

/** One entry of a ZIP as a test looks at it: where it is, how it is stored, its bytes. */
export interface ZipEntryRead {
  name: string;
  /** 0 stored, 8 deflated. */
  compressionMethod: number;
  /** Offset of its local header in the archive. */
  localHeaderOffset: number;
  extraFieldLength: number;
  data: Buffer;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Every entry of a ZIP, in the order of its central directory, read back with yauzl (which checks the CRC-32 of each). */
export async function readZipEntries(archive: Buffer): Promise<ZipEntryRead[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(archive, { lazyEntries: true, validateEntrySizes: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const entries: ZipEntryRead[] = [];
  for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    entries.push({
      name: entry.fileName,
      compressionMethod: entry.compressionMethod,
      localHeaderOffset: entry.relativeOffsetOfLocalHeader,
      extraFieldLength: entry.extraFieldLength,
      data: Buffer.concat(chunks),
    });
  }
  zip.close();
  return entries;
}

export function entryText(entries: ZipEntryRead[], name: string): string {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in the archive (it holds ${entries.map((e) => e.name).join(', ')})`);
  return entry.data.toString('utf8');
}
