import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * France's administrative divisions as Etalab publishes them from INSEE's official geographic
 * code, in the npm package `@etalab/decoupage-administratif` (pinned: its version is the vintage).
 * The files are read once, on first use, and indexed.
 */
const PACKAGE = '@etalab/decoupage-administratif';

export interface EpciRecord {
  code: string;
  nom: string;
  type: 'CC' | 'CA' | 'CU' | 'METRO' | 'MET69';
  populationMunicipale: number;
  membres: { code: string; siren: string; nom: string }[];
}

export interface CommuneRecord {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  siren?: string;
  codesPostaux?: string[];
  population?: number;
}

export interface DepartementRecord {
  code: string;
  nom: string;
  /** INSEE's TNCC: which article the name takes (0 none, 1 none before a vowel, 2 le, 3 la, 4 les, 5 l'). */
  typeLiaison: number;
}

export interface AdministrativeData {
  /** `@etalab/decoupage-administratif@6.0.0`: where the data come from, for messages and provenance. */
  source: string;
  epciBySiren: Map<string, EpciRecord>;
  /** Current communes only (`commune-actuelle`), by INSEE code. */
  communeByCode: Map<string, CommuneRecord>;
  /** Current communes by SIREN, to explain a commune's SIREN given where an EPCI's was expected. */
  communeBySiren: Map<string, CommuneRecord>;
  departementByCode: Map<string, DepartementRecord>;
}

let loaded: AdministrativeData | undefined;

function readData<T>(directory: string, file: string): T {
  return JSON.parse(readFileSync(join(directory, 'data', file), 'utf8')) as T;
}

export function administrativeData(): AdministrativeData {
  if (loaded) return loaded;
  const directory = dirname(require.resolve(`${PACKAGE}/package.json`));
  const { version } = readData<{ version: string }>(directory, '../package.json');
  const communes = readData<CommuneRecord[]>(directory, 'communes.json').filter((c) => c.type === 'commune-actuelle');
  loaded = {
    source: `${PACKAGE}@${version}`,
    epciBySiren: new Map(readData<EpciRecord[]>(directory, 'epci.json').map((e) => [e.code, e])),
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    communeBySiren: new Map(communes.filter((c) => c.siren).map((c) => [c.siren as string, c])),
    departementByCode: new Map(readData<DepartementRecord[]>(directory, 'departements.json').map((d) => [d.code, d])),
  };
  return loaded;
}
