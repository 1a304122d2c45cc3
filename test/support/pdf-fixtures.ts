import PDFDocument from 'pdfkit';

/**
 * PDFs made at test time with pdfkit, each different by its text: a convention, an act, or an
 * encrypted one (a password to open it) that the server must refuse.
 */
export function makePdf(text: string, options: { pages?: number; userPassword?: string; padding?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ compress: false, ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.7' } : {}) });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let page = 0; page < (options.pages ?? 1); page++) {
      if (page > 0) doc.addPage();
      doc.fontSize(14).text(`${text} — page ${page + 1}`);
    }
    // Bulk for size tests: a long comment-free text block is part of a valid page.
    if (options.padding) doc.fontSize(6).text('x'.repeat(options.padding));
    doc.end();
  });
}
