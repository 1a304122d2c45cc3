import { ZipFile } from 'yazl';
import { DraftParagraph } from './draft-template';
import { escapeXml } from './xml-text';

export const ODT_MEDIA_TYPE = 'application/vnd.oasis.opendocument.text';

/** ODF 1.2 rather than 1.3: Word 2016 and later open it, and LibreOffice reads both. */
const ODF_VERSION = '1.2';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
};

function namespaces(...prefixes: (keyof typeof NS)[]): string {
  return prefixes.map((p) => `xmlns:${p}="${NS[p]}"`).join(' ');
}

/**
 * A line as ODF paragraph content. ODF collapses white space like HTML does, so a tab is a
 * `text:tab` and every space after the first of a run, or at the start, a `text:s`.
 */
function odfLine(line: string): string {
  return line
    .split(/(\t| {2,}|^ )/)
    .map((part) => {
      if (part === '\t') return '<text:tab/>';
      if (/^ +$/.test(part)) return part.length === 1 ? '<text:s/>' : ` <text:s text:c="${part.length - 1}"/>`;
      return escapeXml(part);
    })
    .join('');
}

function odfParagraph({ heading, lines }: DraftParagraph): string {
  const content = lines.map(odfLine).join('<text:line-break/>');
  return heading
    ? `<text:h text:style-name="Heading_20_1" text:outline-level="1">${content}</text:h>`
    : `<text:p text:style-name="Text_20_body">${content}</text:p>`;
}

function contentXml(paragraphs: DraftParagraph[]): string {
  return (
    XML_DECLARATION +
    `<office:document-content ${namespaces('office', 'style', 'text', 'fo')} office:version="${ODF_VERSION}">` +
    '<office:body><office:text>' +
    paragraphs.map(odfParagraph).join('') +
    '</office:text></office:body></office:document-content>'
  );
}

/** The styles the content names, the French language, and an A4 page: what LibreOffice needs to lay it out as Word does. */
function stylesXml(): string {
  return (
    XML_DECLARATION +
    `<office:document-styles ${namespaces('office', 'style', 'text', 'fo')} office:version="${ODF_VERSION}">` +
    '<office:styles>' +
    '<style:default-style style:family="paragraph">' +
    '<style:text-properties fo:font-family="Arial" fo:font-size="11pt" fo:language="fr" fo:country="FR"/>' +
    '</style:default-style>' +
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
    '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">' +
    '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.28cm" fo:text-align="justify"/>' +
    '</style:style>' +
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text">' +
    '<style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.28cm" fo:text-align="center" fo:keep-with-next="always"/>' +
    '<style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>' +
    '</style:style>' +
    '</office:styles>' +
    '<office:automatic-styles>' +
    '<style:page-layout style:name="A4">' +
    '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" ' +
    'fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/>' +
    '</style:page-layout>' +
    '</office:automatic-styles>' +
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>' +
    '</office:document-styles>'
  );
}

function metaXml(title: string, created: Date): string {
  return (
    XML_DECLARATION +
    `<office:document-meta ${namespaces('office', 'meta', 'dc')} office:version="${ODF_VERSION}">` +
    '<office:meta>' +
    '<meta:generator>ctg-deliberations</meta:generator>' +
    `<dc:title>${escapeXml(title)}</dc:title>` +
    '<dc:language>fr-FR</dc:language>' +
    `<meta:creation-date>${created.toISOString().slice(0, 19)}</meta:creation-date>` +
    '</office:meta></office:document-meta>'
  );
}

const PARTS = ['content.xml', 'styles.xml', 'meta.xml'];

function manifestXml(): string {
  return (
    XML_DECLARATION +
    `<manifest:manifest ${namespaces('manifest')} manifest:version="${ODF_VERSION}">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="${ODF_VERSION}" manifest:media-type="${ODT_MEDIA_TYPE}"/>` +
    PARTS.map((path) => `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="text/xml"/>`).join('') +
    '</manifest:manifest>'
  );
}

function zipToBuffer(zip: ZipFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.on('error', reject);
  });
}

/**
 * The draft as an OpenDocument text package. The package rules: `mimetype` is the first entry,
 * stored uncompressed and without extra field, so that its content sits at byte 38 where tools
 * look for it; `META-INF/manifest.xml` lists every other part.
 */
export function draftAsOdt(paragraphs: DraftParagraph[], title: string, created = new Date()): Promise<Buffer> {
  const zip = new ZipFile();
  const done = zipToBuffer(zip);
  const options = { mtime: created, forceDosTimestamp: true };
  zip.addBuffer(Buffer.from(ODT_MEDIA_TYPE, 'ascii'), 'mimetype', { ...options, compress: false });
  zip.addBuffer(Buffer.from(manifestXml(), 'utf8'), 'META-INF/manifest.xml', options);
  zip.addBuffer(Buffer.from(contentXml(paragraphs), 'utf8'), 'content.xml', options);
  zip.addBuffer(Buffer.from(stylesXml(), 'utf8'), 'styles.xml', options);
  zip.addBuffer(Buffer.from(metaXml(title, created), 'utf8'), 'meta.xml', options);
  zip.end();
  return done;
}
