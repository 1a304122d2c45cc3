import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPORAL_DYNAMIC_CONFIG } from './server-settings';

/** `key:\n  - value: N` entries of Temporal's dynamic config file format, global constraints only. */
function parseDynamicConfig(text: string): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const match of text.matchAll(/^([\w.]+):\s*\n\s+- value: (\d+)\s*$/gm)) entries[match[1]] = Number(match[2]);
  return entries;
}

describe('Temporal server settings', () => {
  it('are the same for the dev server and in the production compose file', () => {
    const file = readFileSync(join(__dirname, '../../../docker/temporal/dynamicconfig.yaml'), 'utf8');
    expect(parseDynamicConfig(file)).toEqual(TEMPORAL_DYNAMIC_CONFIG);
  });
});
