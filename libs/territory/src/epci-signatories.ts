import { DomainError, FieldError, SignatoryKind, slugify } from '@ctg/domain';
import { AdministrativeData, DepartementRecord, EpciRecord, administrativeData } from './administrative-data';
import { sirenProblem } from './siren';

/**
 * A signatory as proposed from public data: everything but the e-mail address, which the user
 * fills in (`null` until then). The extra columns are those of the signatories CSV.
 */
export interface SignatoryDraft {
  id: string;
  kind: SignatoryKind;
  name: string;
  required: boolean;
  email: string | null;
  inseeCode: string | null;
  siren: string | null;
  population: number | null;
  postalCode: string | null;
}

export interface EpciTerritory {
  name: string;
  siren: string;
  /** INSEE's legal form: CC, CA, CU, METRO, MET69. */
  legalForm: EpciRecord['type'];
  population: number;
  /** The department holding most of the population: its CAF and Conseil départemental are proposed. */
  departement: { code: string; name: string };
  /** Every department with a member commune, the main one first. */
  departements: string[];
  /** Where the list comes from, e.g. `@etalab/decoupage-administratif@6.0.0`. */
  source: string;
}

/**
 * The partner bodies to add, each by its name. An empty name asks for the usual one of the main
 * department (`Caisse d’allocations familiales de la Haute-Garonne`); the MSA has none, since its
 * territories do not follow departments. An absent key adds nothing.
 */
export interface PartnerBodies {
  caf?: string;
  departement?: string;
  msa?: string;
}

export interface EpciSignatories {
  territory: EpciTerritory;
  signatories: SignatoryDraft[];
}

const LEGAL_FORM_PREFIXES: [RegExp, string][] = [
  [/^CC /, 'Communauté de communes '],
  [/^CA /, 'Communauté d’agglomération '],
  [/^CU /, 'Communauté urbaine '],
];

/** `CC des Terres du Lauragais` → `Communauté de communes des Terres du Lauragais`. */
export function epciFullName(name: string): string {
  for (const [prefix, full] of LEGAL_FORM_PREFIXES) if (prefix.test(name)) return name.replace(prefix, full);
  return name;
}

/** `de la Haute-Garonne`, `du Gard`, `de l’Ain`, `des Landes`, `d’Eure-et-Loir`, `de Paris`, from INSEE's TNCC. */
export function departementWithArticle(departement: DepartementRecord): string {
  const articles = ['de ', 'd’', 'du ', 'de la ', 'des ', 'de l’'];
  return `${articles[departement.typeLiaison] ?? 'de '}${departement.nom}`;
}

/** Where a department's council has another name (single territorial authorities, Paris). */
const DEPARTEMENT_COUNCIL_NAMES: Record<string, string> = {
  '75': 'Conseil de Paris',
  '2A': 'Collectivité de Corse',
  '2B': 'Collectivité de Corse',
  '67': 'Collectivité européenne d’Alsace',
  '68': 'Collectivité européenne d’Alsace',
  '972': 'Collectivité territoriale de Martinique',
  '973': 'Collectivité territoriale de Guyane',
};

function partnerName(given: string, fallback: () => string): string {
  const name = given.trim();
  return name === '' ? fallback() : name;
}

function checkPartners(partners: PartnerBodies): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['caf', 'departement', 'msa'] as const) {
    const value = partners[key];
    if (value === undefined) continue;
    if (value.length > 300) errors.push({ field: key, message: 'must be a name of at most 300 characters' });
    else if (/[\u0000-\u001f\u007f]/.test(value)) errors.push({ field: key, message: 'must not contain control characters' });
  }
  if (partners.msa !== undefined && partners.msa.trim() === '') {
    errors.push({ field: 'msa', message: 'name the MSA (e.g. MSA Midi-Pyrénées Sud): its territories do not follow departments' });
  }
  return errors;
}

function mainDepartement(data: AdministrativeData, epci: EpciRecord): string[] {
  const population = new Map<string, number>();
  for (const member of epci.membres) {
    const commune = data.communeByCode.get(member.code);
    const departement = commune?.departement;
    if (departement) population.set(departement, (population.get(departement) ?? 0) + (commune.population ?? 0));
  }
  return [...population.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code]) => code);
}

/**
 * The signatories of a CTG on the territory of an EPCI: the EPCI itself (required, id = SIREN),
 * each member commune (id = INSEE code) and the partner bodies asked for (the CAF required).
 * Throws a `DomainError`: `invalid` for a malformed SIREN or partner name, `not_found` for a SIREN
 * that is not an EPCI's in the data.
 */
export function epciSignatories(siren: string, partners: PartnerBodies = {}): EpciSignatories {
  const problem = sirenProblem(siren);
  if (problem) throw new DomainError('invalid', `siren: ${problem}`, [{ field: 'siren', message: problem }]);
  const partnerErrors = checkPartners(partners);
  if (partnerErrors.length) {
    throw new DomainError('invalid', partnerErrors.map((e) => `${e.field}: ${e.message}`).join('; '), partnerErrors);
  }

  const data = administrativeData();
  const epci = data.epciBySiren.get(siren);
  if (!epci) {
    const commune = data.communeBySiren.get(siren);
    const itsEpci = commune && epciOfCommune(data, commune.code);
    const hint = commune
      ? `: it is the SIREN of the commune ${commune.nom} (${commune.code})${itsEpci ? `, whose EPCI is ${itsEpci}` : ''}`
      : '';
    throw new DomainError('not_found', `no EPCI with SIREN ${siren} in ${data.source} (EPCI à fiscalité propre)${hint}`);
  }

  const departements = mainDepartement(data, epci);
  const main = data.departementByCode.get(departements[0]) as DepartementRecord;
  const ofDepartement = departementWithArticle(main);
  const territory: EpciTerritory = {
    name: epciFullName(epci.nom),
    siren: epci.code,
    legalForm: epci.type,
    population: epci.populationMunicipale,
    departement: { code: main.code, name: main.nom },
    departements,
    source: data.source,
  };

  const none = { email: null, inseeCode: null, siren: null, population: null, postalCode: null };
  const signatories: SignatoryDraft[] = [
    { ...none, id: epci.code, kind: 'epci', name: territory.name, required: true, siren: epci.code, population: epci.populationMunicipale },
  ];
  const communes = epci.membres
    .map((member) => data.communeByCode.get(member.code) ?? { code: member.code, nom: member.nom, type: 'commune-actuelle', siren: member.siren })
    .sort((a, b) => byName(a.nom, b.nom) || a.code.localeCompare(b.code));
  for (const commune of communes) {
    signatories.push({
      ...none,
      id: commune.code,
      kind: 'commune',
      name: commune.nom,
      required: false,
      inseeCode: commune.code,
      siren: commune.siren ?? null,
      population: commune.population ?? null,
      postalCode: commune.codesPostaux?.[0] ?? null,
    });
  }
  const code = main.code.toLowerCase();
  if (partners.caf !== undefined) {
    const name = partnerName(partners.caf, () => `Caisse d’allocations familiales ${ofDepartement}`);
    signatories.push({ ...none, id: `caf${code}`, kind: 'caf', name, required: true });
  }
  if (partners.departement !== undefined) {
    const name = partnerName(partners.departement, () => DEPARTEMENT_COUNCIL_NAMES[main.code] ?? `Conseil départemental ${ofDepartement}`);
    signatories.push({ ...none, id: `cd${code}`, kind: 'departement', name, required: false });
  }
  if (partners.msa !== undefined) {
    const slug = slugify(partners.msa).slice(0, 70).replace(/-+$/, '');
    const id = slug === '' ? 'msa' : slug.startsWith('msa') ? slug : `msa-${slug}`;
    signatories.push({ ...none, id, kind: 'msa', name: partners.msa.trim(), required: false });
  }
  return { territory, signatories };
}

/** Alphabetical without accents, the order of the reference CSV (`La Salvetat-Lauragais` before `Lagarde`). */
function byName(a: string, b: string): number {
  const key = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function epciOfCommune(data: AdministrativeData, inseeCode: string): string | undefined {
  for (const epci of data.epciBySiren.values()) {
    if (epci.membres.some((m) => m.code === inseeCode)) return `${epciFullName(epci.nom)} (${epci.code})`;
  }
  return undefined;
}
