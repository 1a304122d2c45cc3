import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { DraftParagraph } from './draft-template';
import { xmlCharactersOnly } from './xml-text';

/** Half-points, Word's unit for font sizes. */
const BODY_SIZE = 22;
const HEADING_SIZE = 26;
/** Twentieths of a point, Word's unit for spacing. */
const SPACE_AFTER = 160;

function paragraph({ heading, lines }: DraftParagraph): Paragraph {
  // The docx package escapes markup but keeps characters XML cannot hold, which Word refuses.
  const runs = lines.map((line, i) => new TextRun({ text: xmlCharactersOnly(line), break: i > 0 ? 1 : undefined }));
  return heading
    ? new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: runs })
    : new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: SPACE_AFTER }, children: runs });
}

/** The draft as a Word document, A4, in French, headings centred and bold. */
export async function draftAsDocx(paragraphs: DraftParagraph[], title: string): Promise<Buffer> {
  const document = new Document({
    title: xmlCharactersOnly(title),
    creator: 'ctg-deliberations',
    styles: {
      default: {
        document: { run: { font: 'Arial', size: BODY_SIZE, language: { value: 'fr-FR' } } },
        heading1: {
          run: { font: 'Arial', size: HEADING_SIZE, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: SPACE_AFTER } },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1418, right: 1134 } } },
        children: paragraphs.map(paragraph),
      },
    ],
  });
  return Packer.toBuffer(document);
}
