import PDFDocument from 'pdfkit';
import { frenchDay, frenchInstant, pdfText } from '../record/archive-pdf';

/** One signing body's block: who signs for it, the deliberation that authorised it, and its signature once given. */
export interface SignaturePageBlock {
  bodyName: string;
  authority?: { name: string; capacity: string };
  deliberation?: { number?: string; sessionDate: string };
  signed?: { at: string; way: 'ceremony' | 'circulated' };
}

export interface SignaturePageInput {
  campaignTitle: string;
  territoryName: string;
  convention?: { version: number; name: string; sha256: string };
  /** « Fait à … le … »: dotted blanks to fill in by hand when absent. */
  place?: string;
  signedOn?: string;
  blocks: SignaturePageBlock[];
  /** The moment the page was generated: the PDF's creation date, so the same input gives the same bytes. */
  generatedAt: string;
}

const MARGIN = 50;
const GREY = '#555555';
const BOX_HEIGHT = 60;
const BLOCK_GAP = 18;
const BLANK = '……………………………';
/** Line breaks and runs of spaces become one space, and long hostile names are cut: a block always fits on a page. */
const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const valid = (date: Date) => !Number.isNaN(date.getTime());
/** A day or an instant that is not one is shown as given rather than break the page. */
const day = (value: string) => (valid(new Date(`${value}T12:00:00Z`)) ? frenchDay(value) : clip(value, 30));
const instant = (value: string) => (valid(new Date(value)) ? frenchInstant(value) : clip(value, 40));

function authorityLine(block: SignaturePageBlock): string {
  return block.authority ? `Représenté(e) par ${clip(block.authority.name, 120)}, ${clip(block.authority.capacity, 80)}` : `Représenté(e) par ${BLANK}`;
}

function deliberationLine(block: SignaturePageBlock): string {
  const d = block.deliberation;
  if (!d) return 'Délibération autorisant la signature : non renseignée';
  return `autorisé(e) à signer par la délibération ${d.number ? `n° ${clip(d.number, 50)} ` : ''}du ${day(d.sessionDate)}`;
}

/**
 * The signature page in French: one block per signing body, never split across pages, to print
 * for a ceremony or to append to the convention. Only the standard fonts: nothing is fetched.
 */
export function renderSignaturePage(input: SignaturePageInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'fr-FR',
    info: { Title: pdfText(`Page de signature — ${clip(input.campaignTitle, 200)}`), CreationDate: valid(new Date(input.generatedAt)) ? new Date(input.generatedAt) : new Date(0) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  type Style = { size?: number; bold?: boolean; color?: string; font?: string };
  const style = (options: Style) =>
    doc
      .font(options.font ?? (options.bold ? 'Helvetica-Bold' : 'Helvetica'))
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black');
  const text = (value: string, options: Style = {}) => style(options).text(pdfText(value), MARGIN, doc.y, { width });
  const height = (value: string, options: Style = {}) => style(options).heightOfString(pdfText(value), { width });

  text('Convention Territoriale Globale — page de signature', { size: 9, color: GREY });
  doc.moveDown(0.3);
  text(clip(input.campaignTitle, 300), { size: 15, bold: true });
  text(clip(input.territoryName, 200), { size: 10 });
  if (input.convention) {
    doc.moveDown(0.3);
    text(`Convention : « ${clip(input.convention.name, 200)} », version ${input.convention.version}`, { size: 9 });
    text(`SHA-256 : ${input.convention.sha256}`, { size: 8, font: 'Courier' });
  }
  const fait = `Fait à ${input.place ? clip(input.place, 120) : BLANK}, le ${input.signedOn ? day(input.signedOn) : BLANK}`;
  doc.moveDown(0.8);

  for (const block of input.blocks) {
    const lines: [string, Style][] = [
      [clip(block.bodyName, 150), { size: 11, bold: true }],
      [authorityLine(block), { size: 9.5 }],
      [deliberationLine(block), { size: 9.5 }],
      [fait, { size: 9.5 }],
    ];
    const signedLine = block.signed?.way === 'circulated' ? `Signé électroniquement (signature simple) le ${instant(block.signed.at)}` : undefined;
    // Measured before it is drawn: a block that would cross the foot starts the next page, whole.
    const blockHeight =
      lines.reduce((sum, [value, options]) => sum + height(value, options), 0) + 4 + (signedLine ? height(signedLine, { size: 9.5, bold: true }) : BOX_HEIGHT);
    if (doc.y + blockHeight > doc.page.height - MARGIN) doc.addPage();
    for (const [value, options] of lines) text(value, options);
    const boxTop = doc.y + 4;
    if (signedLine) {
      doc.y = boxTop;
      text(signedLine, { size: 9.5, bold: true });
    } else {
      doc.rect(MARGIN + width / 2, boxTop, width / 2, BOX_HEIGHT).lineWidth(0.5).strokeColor(GREY).stroke();
      doc.font('Helvetica').fontSize(8).fillColor(GREY).text(pdfText('Signature et cachet'), MARGIN + width / 2 + 6, boxTop + 4, { width: width / 2 - 12 });
      doc.y = boxTop + BOX_HEIGHT;
    }
    doc.y += BLOCK_GAP;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor(GREY).text(`page ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN + 15, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}
