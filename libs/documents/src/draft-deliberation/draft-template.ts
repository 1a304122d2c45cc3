/**
 * The template language of the draft deliberation, small enough to explain on the settings page:
 *
 * - Plain text. Paragraphs are separated by one or more blank lines; a single line break inside a
 *   paragraph stays a line break (the vote counts, the signature block).
 * - A paragraph whose first line begins with `# ` is a heading.
 * - `{{name}}` (spaces allowed inside the braces) is replaced by one of the values of
 *   `DRAFT_PLACEHOLDERS`; a value the campaign does not know yet prints as « … », to fill in.
 * - A line that begins with a placeholder begins with a capital: `{{assemblee}}, après en avoir
 *   délibéré` gives « Le conseil municipal, après en avoir délibéré ».
 * - Nothing else: no escapes, no expressions, no conditions. A template is an administrator's
 *   input, so it is only ever searched for `{{…}}` by the code below, and a value is inserted once
 *   and never read again as template (a body named `{{autorite}}` prints as such).
 */
import { FieldError, SignatoryKind, invalid } from '@ctg/domain';
import { bodyKindWording } from './body-kind-wording';
import { frenchLongDate, frenchLongDateOfInstant } from './french-date';
import { xmlCharactersOnly } from './xml-text';

/** What a draft is prefilled with: the body, the convention it votes on, the campaign's dates. */
export interface DraftInput {
  bodyName: string;
  bodyKind: SignatoryKind;
  conventionTitle: string;
  conventionVersion?: number;
  /** Lower-case hexadecimal SHA-256 of the convention's PDF. */
  conventionSha256?: string;
  /** The mayors' conference, a calendar day `YYYY-MM-DD`. */
  conferenceDate?: string;
  /** The campaign's deadline, an ISO 8601 instant with its offset. */
  deliberationDeadline: string;
  territoryName?: string;
}

export type DraftValues = DraftInput;

/** One paragraph of a filled draft: its lines (kept as line breaks) and whether it is a heading. */
export interface DraftParagraph {
  heading: boolean;
  lines: string[];
}

/** What a value the campaign does not know yet prints as: the blank a secretary fills in. */
export const MISSING_VALUE = '…';

export const MAX_DRAFT_TEMPLATE_LENGTH = 20_000;

/** Every placeholder a template may use, with what it prints (the settings page lists these). */
export const DRAFT_PLACEHOLDERS: Readonly<Record<string, string>> = Object.freeze({
  collectivite: 'le nom de la collectivité ou de l’organisme : « Avignonet-Lauragais »',
  nature: 'sa nature : « Commune », « Établissement public de coopération intercommunale », « Caisse d’allocations familiales »…',
  assemblee: 'l’assemblée qui délibère, avec son article : « le conseil municipal », « la commission permanente »…',
  autorite: 'qui signe, avec son article : « le Maire », « le Président », « le Directeur »…',
  fondement: 'le texte qui fonde la délibération : « le Code général des collectivités territoriales, et notamment son article L2121-29 »…',
  convention: 'le titre de la convention',
  version: 'la version de la convention soumise au vote : « 2 »',
  empreinte: 'l’empreinte SHA-256 de la convention (64 caractères hexadécimaux)',
  date_conference: 'la date de la conférence des maires : « 13 juin 2023 »',
  date_limite: 'la date limite des délibérations : « 31 octobre 2023 »',
  territoire: 'le territoire de la convention : « Communauté de communes des Terres du Lauragais »',
});

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NOT_ALLOWED_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const NOT_UNICODE = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SHA256 = /^[0-9a-f]{64}$/i;
const MAX_NAMED_UNKNOWN = 10;

function isKnownPlaceholder(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(DRAFT_PLACEHOLDERS, name);
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A caller's words quoted in an error message: short enough to read. */
function quoted(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** The rules a template must meet before it is kept for a campaign; field `text`. */
export function validateDraftTemplate(text: unknown): FieldError[] {
  const fail = (message: string): FieldError[] => [{ field: 'text', message }];
  if (typeof text !== 'string' || text.trim() === '') return fail('is required: the wording of the draft deliberation, as text');
  if (text.length > MAX_DRAFT_TEMPLATE_LENGTH) {
    return fail(`must be at most ${MAX_DRAFT_TEMPLATE_LENGTH} characters (it has ${text.length})`);
  }
  const control = NOT_ALLOWED_CHARACTER.exec(text);
  if (control) {
    return fail(`must not contain control characters other than line breaks and tabs (${codePoint(control[0])} on line ${lineOf(text, control.index)})`);
  }
  const notUnicode = NOT_UNICODE.exec(text);
  if (notUnicode) return fail(`must be well-formed Unicode text (${codePoint(notUnicode[0])} on line ${lineOf(text, notUnicode.index)})`);

  const errors: FieldError[] = [];
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1].trim();
    if (!isKnownPlaceholder(name)) unknown.add(name);
  }
  const known = Object.keys(DRAFT_PLACEHOLDERS).map((name) => `{{${name}}}`).join(', ');
  [...unknown].slice(0, MAX_NAMED_UNKNOWN).forEach((name) => {
    errors.push({ field: 'text', message: `uses the unknown placeholder {{${quoted(name)}}}; the placeholders are ${known}` });
  });
  if (unknown.size > MAX_NAMED_UNKNOWN) {
    errors.push({ field: 'text', message: `uses ${unknown.size - MAX_NAMED_UNKNOWN} more unknown placeholders` });
  }
  const unclosed = /\{\{/.exec(text.replace(PLACEHOLDER, (whole) => ' '.repeat(whole.length)));
  if (unclosed) errors.push({ field: 'text', message: `has a {{ that no }} closes (line ${lineOf(text, unclosed.index)})` });
  return errors;
}

/** A value as one line of text: line breaks become spaces, characters no document can hold are dropped. */
function asOneLine(value: string): string {
  return xmlCharactersOnly(value)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** What each placeholder prints for this body. */
function placeholderValues(input: DraftValues): Map<string, string> {
  const wording = bodyKindWording(input.bodyKind);
  const known = (value: string | undefined) => {
    const line = value === undefined ? '' : asOneLine(value);
    return line === '' ? MISSING_VALUE : line;
  };
  const version = input.conventionVersion;
  const sha256 = input.conventionSha256;
  return new Map([
    ['collectivite', known(input.bodyName)],
    ['nature', wording.nature],
    ['assemblee', wording.assembly],
    ['autorite', wording.authority],
    ['fondement', wording.legalBasis],
    ['convention', known(input.conventionTitle)],
    ['version', known(Number.isInteger(version) && version! >= 1 ? String(version) : undefined)],
    ['empreinte', known(typeof sha256 === 'string' && SHA256.test(sha256) ? sha256.toLowerCase() : undefined)],
    ['date_conference', known(frenchLongDate(input.conferenceDate))],
    ['date_limite', known(frenchLongDateOfInstant(input.deliberationDeadline))],
    ['territoire', known(input.territoryName)],
  ]);
}

function capitalised(line: string): string {
  return line.charAt(0).toLocaleUpperCase('fr-FR') + line.slice(1);
}

function fillLine(line: string, values: Map<string, string>): string {
  const filled = line.replace(PLACEHOLDER, (_whole, name: string) => values.get(name.trim()) ?? MISSING_VALUE);
  return line.startsWith('{{') ? capitalised(filled) : filled;
}

/** The template's paragraphs as written: lines trimmed, blank lines as separators. */
function templateParagraphs(template: string): string[][] {
  const paragraphs: string[][] = [[]];
  for (const line of template.split(/\r\n|\r|\n/).map((l) => l.trim())) {
    if (line !== '') paragraphs[paragraphs.length - 1].push(line);
    else if (paragraphs[paragraphs.length - 1].length > 0) paragraphs.push([]);
  }
  return paragraphs.filter((lines) => lines.length > 0);
}

/**
 * The draft's paragraphs for one body. Throws the domain's `invalid` error (field `text`) for a
 * template that `validateDraftTemplate` refuses, so a bad template never reaches a document.
 */
export function fillDraftTemplate(template: string, values: DraftValues): DraftParagraph[] {
  const errors = validateDraftTemplate(template);
  if (errors.length > 0) throw invalid(errors);
  const byName = placeholderValues(values);
  return templateParagraphs(template).map((lines) => {
    const heading = lines[0].startsWith('# ');
    const written = heading ? [lines[0].slice(2).trim(), ...lines.slice(1)] : lines;
    return { heading, lines: written.map((line) => fillLine(line, byName)) };
  });
}
