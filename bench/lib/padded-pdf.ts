import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const IMAGE_WIDTH = 1024;
const WRITE_CHUNK = 1024 * 1024;
/** The xref table's entries, object 0 (the free list's head) included: 20 bytes each, as the format fixes them. */
const OBJECT_COUNT = 6;

/**
 * Writes a one-page PDF of exactly `totalBytes` to `path`, streamed: the page draws one grey
 * image whose pixels are random, so every file made has bytes of its own (the store keeps a file
 * once per SHA-256, and a benchmark must not measure a deduplication). What it holds is what the
 * server's PDF check asks for: a header, objects, a cross-reference table, a trailer naming a
 * catalog with one page, no encryption. Returns the SHA-256 and size, computed while writing.
 */
export async function writePaddedPdf(path: string, totalBytes: number): Promise<{ sha256: string; size: number }> {
  const layout = planLayout(totalBytes);
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let written = 0;
  const write = async (bytes: Buffer) => {
    hash.update(bytes);
    written += bytes.length;
    if (!out.write(bytes)) await once(out, 'drain');
  };
  try {
    await write(Buffer.from(layout.head, 'latin1'));
    for (let left = layout.imageBytes; left > 0; left -= WRITE_CHUNK) await write(randomBytes(Math.min(WRITE_CHUNK, left)));
    await write(Buffer.from(layout.afterImage, 'latin1'));
    await write(Buffer.from(layout.tail, 'latin1'));
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    throw error;
  }
  if (written !== totalBytes) throw new Error(`padded PDF: wrote ${written} bytes instead of ${totalBytes}`);
  return { sha256: hash.digest('hex'), size: written };
}

interface Layout {
  /** Everything before the image's pixels (header, catalog, page tree, page, content, the image's dictionary). */
  head: string;
  imageBytes: number;
  /** The image's end, then a comment that makes up the bytes a whole row of pixels cannot. */
  afterImage: string;
  /** The cross-reference table, the trailer, startxref and %%EOF. */
  tail: string;
}

/** Where every object starts, found by laying the file out as text around the pixels' byte count. */
function planLayout(totalBytes: number): Layout {
  const objects = (height: number, imageBytes: number) => [
    plainObject('<< /Type /Catalog /Pages 2 0 R >>'),
    plainObject('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    plainObject('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>'),
    streamObject('q 595 0 0 842 0 0 cm /Im1 Do Q'),
    `<< /Type /XObject /Subtype /Image /Width ${IMAGE_WIDTH} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageBytes} >>\nstream\n`,
  ];
  const header = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const imageEnd = '\nendstream\nendobj\n';
  // The tail's length depends on the digits of the xref's offset, and that offset on the tail.
  const tailFor = (xrefAt: number) => `xref\n0 ${OBJECT_COUNT}\n${'0'.repeat(OBJECT_COUNT * 20)}trailer\n<< /Size ${OBJECT_COUNT} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  let xrefAt = totalBytes;
  for (let round = 0; xrefAt + tailFor(xrefAt).length !== totalBytes; round++) {
    if (round === 8) throw new Error(`padded PDF: no layout ends at exactly ${totalBytes} bytes`);
    xrefAt = totalBytes - tailFor(xrefAt).length;
  }

  // The head's length depends on the digits of the height and the pixel count; two rounds settle them.
  let height = 1;
  for (let round = 0; round < 4; round++) {
    const headLength = header.length + objects(height, IMAGE_WIDTH * height).reduce((sum, body, i) => sum + objectPrefix(i + 1).length + body.length, 0);
    // At least "%\n" of padding after the image.
    height = Math.floor((xrefAt - headLength - imageEnd.length - 2) / IMAGE_WIDTH);
  }
  if (height < 1) throw new Error(`padded PDF: ${totalBytes} bytes is too small for a page and an image`);

  const imageBytes = IMAGE_WIDTH * height;
  const offsets: number[] = [];
  let head = header;
  objects(height, imageBytes).forEach((body, i) => {
    offsets.push(head.length);
    head += objectPrefix(i + 1) + body;
  });
  const padding = xrefAt - head.length - imageBytes - imageEnd.length;
  if (padding < 2) throw new Error('padded PDF: the layout did not settle');
  const afterImage = `${imageEnd}%${' '.repeat(padding - 2)}\n`;
  const entries = ['0000000000 65535 f \n', ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`)].join('');
  const tail = tailFor(xrefAt).replace('0'.repeat(OBJECT_COUNT * 20), entries);
  return { head, imageBytes, afterImage, tail };
}

const objectPrefix = (n: number) => `${n} 0 obj\n`;

const plainObject = (body: string) => `${body}\nendobj\n`;

function streamObject(content: string): string {
  return `<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
}
