import { createHash } from 'node:crypto';
import type { DocumentStore, StoredFile } from './document-store';
import { StoredFileDamagedError } from './stored-file-address';

export interface StoredFileProblem {
  sha256: string;
  problem: 'missing' | 'altered';
}

/**
 * Streams each expected file out of the store and hashes it again: a file the store no longer has
 * is `missing`, one whose bytes or size differ is `altered`. A store that cannot be reached fails
 * the whole check (it says nothing about the files).
 */
export async function verifyStoredFiles(store: DocumentStore, expected: StoredFile[]): Promise<StoredFileProblem[]> {
  const problems: StoredFileProblem[] = [];
  const seen = new Set<string>();
  for (const file of expected) {
    if (seen.has(file.sha256)) continue;
    seen.add(file.sha256);
    const problem = await checkOne(store, file);
    if (problem) problems.push({ sha256: file.sha256, problem });
  }
  return problems;
}

async function checkOne(store: DocumentStore, file: StoredFile): Promise<StoredFileProblem['problem'] | undefined> {
  const opened = await store.open(file.sha256);
  if (!opened) return 'missing';
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } catch (error) {
    if (error instanceof StoredFileDamagedError) return 'altered';
    throw error;
  }
  return size === file.size && hash.digest('hex') === file.sha256 ? undefined : 'altered';
}
