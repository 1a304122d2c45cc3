import { inertCell } from '@ctg/domain';
import { stringify } from 'csv-stringify/sync';

/** One line of the manifest: an act as the ZIP holds it. */
export interface ActsManifestLine {
  fileName: string;
  bodyName: string;
  version: number;
  sha256: string;
  size: number;
}

export const ACTS_MANIFEST_NAME = 'manifeste.csv';

/**
 * The manifest of the acts' ZIP, which a clerk opens in a spreadsheet to check each act against
 * its hash: body names come from outside data, so a cell a spreadsheet would run as a formula is
 * made inert. A byte-order mark, without which Excel reads UTF-8 as Windows-1252.
 */
export function actsManifestCsv(lines: ActsManifestLine[]): string {
  const rows = lines.map((l) => [l.fileName, l.bodyName, String(l.version), l.sha256, String(l.size)].map(inertCell));
  return '\ufeff' + stringify(rows, { header: true, columns: ['fichier', 'collectivite', 'version', 'sha256', 'taille_octets'], record_delimiter: 'windows' });
}
