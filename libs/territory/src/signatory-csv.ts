import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  FieldError,
  MAX_SIGNATORIES,
  SIGNATORY_KINDS,
  SignatoryDefinition,
  SignatoryKind,
  Territory,
  inertCell,
  isEmail,
  unstorableTextProblem,
  isValidId,
  siretProblem,
} from '@ctg/domain';
import { SignatoryDraft } from './epci-signatories';
import { isInseeCode, sirenProblem } from './siren';

/** The columns of `libs/reference-data/terres-du-lauragais-signatories.csv`, in its order. */
export const SIGNATORY_CSV_COLUMNS = ['id', 'kind', 'name', 'insee_code', 'siren', 'siret', 'population', 'postal_code', 'required', 'email'] as const;
type Column = (typeof SIGNATORY_CSV_COLUMNS)[number];
/** The others describe the body and are checked when filled in, but a campaign does not need them. */
const NEEDED_COLUMNS: Column[] = ['id', 'kind', 'name', 'required', 'email'];

/** One thing wrong in the file: `line` is the file's line number (the header is line 1), null for the whole file. */
export interface CsvProblem {
  line: number | null;
  field: string;
  message: string;
}

export type SignatoryCsvResult =
  | { ok: true; signatories: SignatoryDefinition[]; territory: Territory | null }
  | { ok: false; problems: CsvProblem[] };

const TRUE = ['true', 'oui', 'yes', '1', 'vrai'];
const FALSE = ['false', 'non', 'no', '0', 'faux'];

/** `line 7: email`, the `field` of API.md's error shape; `csv` for the file as a whole. */
export function csvProblemsAsFields(problems: CsvProblem[]): FieldError[] {
  return problems.map((p) => ({ field: p.line === null ? p.field : `line ${p.line}: ${p.field}`, message: p.message }));
}

/** French spreadsheets save with semicolons: the header line says which separator the file uses. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** Where a record starts: csv-parse counts lines up to its end, and a quoted name may hold a line break. */
function firstLine(info: { lines: number; raw?: string }): number {
  const body = (info.raw ?? '').replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return info.lines - (body.match(/\n/g)?.length ?? 0);
}

interface ParsedRecord {
  record: string[];
  info: { lines: number; raw?: string };
}

/** The non-blank records of a CSV, or the reason it cannot be read. */
/**
 * The lines that hold a lone UTF-16 surrogate (a JSON body's `csv` may): the parser would turn it
 * into U+FFFD without a word, so it is refused before, by line.
 */
function linesWithLoneSurrogates(text: string): CsvProblem[] {
  return text.split('\n').flatMap((line, i) => {
    const problem = unstorableTextProblem(line.replace(/\u0000/g, ''));
    return problem ? [{ line: i + 1, field: 'csv', message: problem }] : [];
  });
}

function parseRecords(text: string): ParsedRecord[] | { ok: false; problems: CsvProblem[] } {
  const unreadable = linesWithLoneSurrogates(text);
  if (unreadable.length) return { ok: false, problems: unreadable };
  try {
    const records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as ParsedRecord[];
    return records.filter((r) => r.record.some((cell) => cell.trim() !== ''));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? null;
    return { ok: false, problems: [{ line, field: 'csv', message: `not a readable CSV: ${error.message}` }] };
  }
}

/**
 * Reads signatories from a CSV with the columns of the reference file (`id,kind,name,insee_code,
 * siren,siret,population,postal_code,required,email`; the descriptive ones and the SIRET may be left out). Every
 * problem of every line is reported; a file with any problem gives no signatory at all.
 */
export function readSignatoryCsv(text: string): SignatoryCsvResult {
  const records = parseRecords(text);
  if (!Array.isArray(records)) return records;
  if (records.length === 0) return { ok: false, problems: [{ line: null, field: 'csv', message: 'the file is empty' }] };

  const [head, ...rows] = records;
  const header = head.record.map((name) => name.trim().toLowerCase());
  const headerLine = firstLine(head.info);
  const problems: CsvProblem[] = [];
  const unknown = header.filter((name) => !(SIGNATORY_CSV_COLUMNS as readonly string[]).includes(name));
  const missing = NEEDED_COLUMNS.filter((name) => !header.includes(name));
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  if (unknown.length) {
    problems.push({ line: headerLine, field: 'header', message: `unknown columns ${unknown.join(', ')}: the columns are ${SIGNATORY_CSV_COLUMNS.join(',')}` });
  }
  if (missing.length) problems.push({ line: headerLine, field: 'header', message: `missing columns ${missing.join(', ')}` });
  if (repeated.length) problems.push({ line: headerLine, field: 'header', message: `repeated columns ${[...new Set(repeated)].join(', ')}` });
  if (problems.length) return { ok: false, problems };

  if (rows.length === 0) return { ok: false, problems: [{ line: null, field: 'csv', message: 'the file lists no signatory' }] };
  if (rows.length > MAX_SIGNATORIES) {
    return { ok: false, problems: [{ line: null, field: 'csv', message: `a campaign has at most ${MAX_SIGNATORIES} signatories; the file lists ${rows.length}` }] };
  }

  const signatories: (SignatoryDefinition & { siren?: string })[] = [];
  const firstSeen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = firstLine(info);
    const fail = (field: string, message: string) => problems.push({ line, field, message });
    if (record.length !== header.length) {
      fail('csv', `has ${record.length} fields where the header has ${header.length}`);
      continue;
    }
    const cell = (column: Column) => {
      const index = header.indexOf(column);
      return index < 0 ? '' : record[index].trim();
    };
    for (const column of header as Column[]) {
      // A cell is kept only if PostgreSQL could store it: no control character, no lone surrogate.
      const problem = unstorableTextProblem(cell(column)) ?? (cell(column).includes('\r') ? 'must not contain control characters' : undefined);
      if (problem) fail(column, problem);
    }

    const id = cell('id');
    if (id === '') fail('id', 'missing id');
    else if (!isValidId(id)) fail('id', `"${id}" is not a valid id: 1 to 80 letters, digits, dots, dashes or underscores`);
    else if (firstSeen.has(id)) fail('id', `duplicated id ${id} (first on line ${firstSeen.get(id)})`);
    else firstSeen.set(id, line);

    const kind = cell('kind');
    if (kind === '') fail('kind', `missing kind: one of ${SIGNATORY_KINDS.join(', ')}`);
    else if (!(SIGNATORY_KINDS as readonly string[]).includes(kind)) fail('kind', `unknown kind "${kind}": use one of ${SIGNATORY_KINDS.join(', ')}`);

    const name = cell('name');
    if (name === '') fail('name', 'missing name');
    else if (name.length > 300) fail('name', `is ${name.length} characters long; at most 300`);

    const required = cell('required').toLowerCase();
    if (required === '') fail('required', 'missing: true or false');
    else if (!TRUE.includes(required) && !FALSE.includes(required)) fail('required', `bad required value "${cell('required')}": use true or false`);

    const email = cell('email');
    if (email === '') fail('email', 'missing e-mail address');
    else if (!isEmail(email)) fail('email', `"${email}" is not an e-mail address`);

    const insee = cell('insee_code');
    if (insee !== '' && !isInseeCode(insee)) fail('insee_code', `"${insee}" is not an INSEE commune code (5 characters, e.g. 31582 or 2A004)`);
    const siren = cell('siren');
    const badSiren = siren === '' ? null : sirenProblem(siren);
    if (badSiren) fail('siren', `"${siren}" ${badSiren}`);
    const siret = cell('siret');
    const badSiret = siret === '' ? undefined : siretProblem(siret, siren === '' || badSiren ? undefined : siren);
    if (badSiret) fail('siret', `"${siret}" ${badSiret}`);
    const population = cell('population');
    if (population !== '' && !/^\d{1,9}$/.test(population)) fail('population', `"${population}" is not a whole number`);
    const postalCode = cell('postal_code');
    if (postalCode !== '' && !/^\d{5}$/.test(postalCode)) fail('postal_code', `"${postalCode}" is not a postal code (5 digits)`);

    signatories.push({ id, kind: kind as SignatoryKind, name, email, required: TRUE.includes(required), ...(siret ? { siret } : {}), ...(siren ? { siren } : {}) });
  }
  if (problems.length === 0 && !signatories.some((s) => s.required)) {
    problems.push({ line: null, field: 'required', message: 'no signatory is required: mark at least one (the EPCI, the CAF) required=true' });
  }
  if (problems.length) return { ok: false, problems };

  const epcis = signatories.filter((s) => s.kind === 'epci');
  const territory = epcis.length === 1 ? { name: epcis[0].name, ...(epcis[0].siren ? { siren: epcis[0].siren } : {}) } : null;
  return { ok: true, signatories: signatories.map(({ siren: _siren, ...s }) => s), territory };
}

/**
 * The proposed signatories as a CSV with the reference columns, e-mail addresses left blank to fill
 * in; names come from outside data and partner names from the request, so formula-like cells are made inert.
 */
export function signatoryDraftsToCsv(drafts: SignatoryDraft[]): string {
  return stringify(
    drafts.map((d) =>
      [d.id, d.kind, d.name, d.inseeCode ?? '', d.siren ?? '', '', d.population ?? '', d.postalCode ?? '', String(d.required), d.email ?? ''].map((cell) =>
        inertCell(String(cell)),
      ),
    ),
    { header: true, columns: [...SIGNATORY_CSV_COLUMNS] },
  );
}

export type EmailCsvResult = { ok: true; emails: Map<string, string> } | { ok: false; problems: CsvProblem[] };

/**
 * The e-mail addresses of signatories from a CSV with (at least) the columns `id` and `email`,
 * such as the signatories CSV itself: blank e-mails are skipped, bad ones reported by line.
 */
export function readEmailCsv(text: string): EmailCsvResult {
  const parsed = parseRecords(text);
  if (!Array.isArray(parsed)) return parsed;
  const [head, ...rows] = parsed;
  if (!head) return { ok: false, problems: [{ line: null, field: 'csv', message: 'the file is empty' }] };
  const header = head.record.map((name) => name.trim().toLowerCase());
  const [idAt, emailAt] = [header.indexOf('id'), header.indexOf('email')];
  if (idAt < 0 || emailAt < 0) {
    return { ok: false, problems: [{ line: firstLine(head.info), field: 'header', message: 'needs the columns id and email' }] };
  }
  const problems: CsvProblem[] = [];
  const emails = new Map<string, string>();
  const firstSeen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = firstLine(info);
    const id = (record[idAt] ?? '').trim();
    const email = (record[emailAt] ?? '').trim();
    if (id === '') problems.push({ line, field: 'id', message: 'missing id' });
    else if (firstSeen.has(id)) problems.push({ line, field: 'id', message: `duplicated id ${id} (first on line ${firstSeen.get(id)})` });
    else firstSeen.set(id, line);
    if (email !== '' && !isEmail(email)) problems.push({ line, field: 'email', message: `"${email}" is not an e-mail address` });
    else if (email !== '' && id !== '') emails.set(id, email);
  }
  return problems.length ? { ok: false, problems } : { ok: true, emails };
}
