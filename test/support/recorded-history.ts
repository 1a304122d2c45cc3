import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where the replay tier finds the histories it replays against today's workflow code. */
export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * With `RECORD_HISTORIES` set (`npm run record-histories`), keeps a real run's history under
 * `name` for the replay tier; a name ending in `.gz` is kept gzipped.
 */
export async function keepHistory(name: string, history: () => Promise<temporal.api.history.v1.IHistory>): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const json = historyToJSON(await history());
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, name), name.endsWith('.gz') ? gzipSync(json) : json);
}
