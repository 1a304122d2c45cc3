import { invalid } from '@ctg/domain';
import { fileNameWords } from '../safe-file-name';
import { draftAsDocx } from './docx-draft';
import { DraftInput, fillDraftTemplate } from './draft-template';
import { ODT_MEDIA_TYPE, draftAsOdt } from './odt-draft';

export const DRAFT_FORMATS = ['docx', 'odt'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

export const DRAFT_MEDIA_TYPES: Readonly<Record<DraftFormat, string>> = Object.freeze({
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: ODT_MEDIA_TYPE,
});

export function isDraftFormat(value: unknown): value is DraftFormat {
  return typeof value === 'string' && (DRAFT_FORMATS as readonly string[]).includes(value);
}

/** The name to offer the download under: `projet-deliberation-avignonet-lauragais.odt`. */
export function draftFileName(input: Pick<DraftInput, 'bodyName'>, format: DraftFormat): string {
  const body = fileNameWords(input.bodyName, 80);
  return `projet-deliberation${body ? `-${body}` : ''}.${format}`;
}

/**
 * The draft deliberation of one body, ready to edit in Word or LibreOffice, from the campaign's
 * template. Throws the domain's `invalid` error for a template the rules refuse (field `text`) or
 * a format other than `docx` and `odt` (field `format`).
 */
export async function renderDraftDeliberation(input: DraftInput, template: string, format: DraftFormat): Promise<Buffer> {
  if (!isDraftFormat(format)) throw invalid([{ field: 'format', message: 'must be docx or odt' }]);
  const paragraphs = fillDraftTemplate(template, input);
  const title = `Projet de délibération — ${input.bodyName}`;
  return format === 'docx' ? draftAsDocx(paragraphs, title) : draftAsOdt(paragraphs, title);
}
