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
const BLOCK_HEIGHT = 150;
const BLANK = '……………………………';
/** Long hostile names are cut rather than let a block overflow its frame. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function authorityLine(block: SignaturePageBlock): string {
  return block.authority ? `Représenté(e) par ${clip(block.authority.name, 120)}, ${clip(block.authority.capacity, 80)}` : `Représenté(e) par ${BLANK}`;
}

function deliberationLine(block: SignaturePageBlock): string {
  const d = block.deliberation;
  if (!d) return 'Délibération autorisant la signature : non renseignée';
  return `autorisé(e) à signer par la délibération ${d.number ? `n° ${clip(d.number, 50)} ` : ''}du ${frenchDay(d.sessionDate)}`;
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
    info: { Title: pdfText(`Page de signature — ${clip(input.campaignTitle, 200)}`), CreationDate: new Date(input.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const text = (value: string, options: { size?: number; bold?: boolean; color?: string; font?: string } = {}) =>
    doc
      .font(options.font ?? (options.bold ? 'Helvetica-Bold' : 'Helvetica'))
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(pdfText(value), MARGIN, doc.y, { width });

  text('Convention Territoriale Globale — page de signature', { size: 9, color: GREY });
  doc.moveDown(0.3);
  text(clip(input.campaignTitle, 300), { size: 15, bold: true });
  text(clip(input.territoryName, 200), { size: 10 });
  if (input.convention) {
    doc.moveDown(0.3);
    text(`Convention : « ${clip(input.convention.name, 200)} », version ${input.convention.version}`, { size: 9 });
    text(`SHA-256 : ${input.convention.sha256}`, { size: 8, font: 'Courier' });
  }
  const fait = `Fait à ${input.place ? clip(input.place, 120) : BLANK}, le ${input.signedOn ? frenchDay(input.signedOn) : BLANK}`;
  doc.moveDown(0.8);

  for (const block of input.blocks) {
    if (doc.y + BLOCK_HEIGHT > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    text(clip(block.bodyName, 150), { size: 11, bold: true });
    text(authorityLine(block), { size: 9.5 });
    text(deliberationLine(block), { size: 9.5 });
    text(fait, { size: 9.5 });
    const boxTop = doc.y + 4;
    if (block.signed?.way === 'circulated') {
      doc.y = boxTop;
      text(`Signé électroniquement (signature simple) le ${frenchInstant(block.signed.at)}`, { size: 9.5, bold: true });
    } else {
      doc.rect(MARGIN + width / 2, boxTop, width / 2, 60).lineWidth(0.5).strokeColor(GREY).stroke();
      doc.font('Helvetica').fontSize(8).fillColor(GREY).text(pdfText('Signature et cachet'), MARGIN + width / 2 + 6, boxTop + 4, { width: width / 2 - 12 });
    }
    doc.y = top + BLOCK_HEIGHT - 10;
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
