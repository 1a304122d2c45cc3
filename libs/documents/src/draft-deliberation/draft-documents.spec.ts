import { DomainError } from '@ctg/domain';
import { entryText, readZipEntries } from '../testing/zip-entries';
import { wellFormedXmlText } from '../testing/xml-well-formed';
import { DEFAULT_DRAFT_TEMPLATE } from './default-draft-template';
import { DraftFormat, draftFileName, renderDraftDeliberation } from './draft-documents';
import { DraftInput } from './draft-template';

const AVIGNONET: DraftInput = {
  bodyName: 'Avignonet-Lauragais',
  bodyKind: 'commune',
  conventionTitle: 'Convention Territoriale Globale — Terres du Lauragais',
  conventionVersion: 2,
  conventionSha256: 'ab'.repeat(32),
  conferenceDate: '2023-06-13',
  deliberationDeadline: '2023-10-31T23:59:59+01:00',
  territoryName: 'Communauté de communes des Terres du Lauragais',
};

const HOSTILE_NAME = `<w:t>&"' {{collectivite}} </text:p>\u0000\ufffe]]>`;

/** The text of the part of the document that holds its body, after checking that every XML part is well-formed. */
async function documentText(format: DraftFormat, input: DraftInput, template = DEFAULT_DRAFT_TEMPLATE): Promise<string> {
  const entries = await readZipEntries(await renderDraftDeliberation(input, template, format));
  for (const entry of entries.filter((e) => /\.(xml|rels)$/.test(e.name))) {
    expect(() => wellFormedXmlText(entry.data)).not.toThrow();
  }
  return wellFormedXmlText(entryText(entries, format === 'docx' ? 'word/document.xml' : 'content.xml'));
}

describe.each(['docx', 'odt'] as const)('the draft deliberation as %s', (format) => {
  it('holds the body, its assembly, the convention with its version, and the conference date in French', async () => {
    const text = await documentText(format, AVIGNONET);
    expect(text).toContain('Commune : Avignonet-Lauragais');
    expect(text).toContain('Le conseil municipal, après en avoir délibéré,');
    expect(text).toContain('AUTORISE le Maire à signer');
    expect(text).toContain('« Convention Territoriale Globale — Terres du Lauragais », version 2');
    expect(text).toContain('13 juin 2023');
  });

  it('writes a hostile body name as text: escaped, no substitution inside it, impossible characters dropped', async () => {
    const text = await documentText(format, { ...AVIGNONET, bodyName: HOSTILE_NAME });
    expect(text).toContain(`Commune : <w:t>&"' {{collectivite}} </text:p>]]>`);
  });

  it('follows a replaced template', async () => {
    const template = '# DÉLIBÉRATION SPÉCIALE\n\n{{autorite}} propose à {{assemblee}} de {{collectivite}} d’approuver la version {{version}}.';
    const text = await documentText(format, AVIGNONET, template);
    expect(text).toContain('DÉLIBÉRATION SPÉCIALE');
    expect(text).toContain('Le Maire propose à le conseil municipal de Avignonet-Lauragais d’approuver la version 2.');
    expect(text).not.toContain('considérant');
  });

  it('refuses a template with an unknown placeholder, naming it, and makes no document', async () => {
    await expect(renderDraftDeliberation(AVIGNONET, 'Vu {{constructor}} ;', format)).rejects.toThrow(/unknown placeholder \{\{constructor\}\}/);
  });
});

describe('the ODT package', () => {
  it('begins with the mimetype entry, stored, without extra field, with the exact media type', async () => {
    const odt = await renderDraftDeliberation(AVIGNONET, DEFAULT_DRAFT_TEMPLATE, 'odt');
    const entries = await readZipEntries(odt);
    expect(entries[0]).toMatchObject({ name: 'mimetype', compressionMethod: 0, localHeaderOffset: 0 });
    expect(entries[0].data.toString('ascii')).toBe('application/vnd.oasis.opendocument.text');
    // Where tools sniff it: the name at byte 30, no extra field, the content at byte 38.
    expect(odt.readUInt16LE(28)).toBe(0);
    expect(odt.subarray(30, 38 + 39).toString('ascii')).toBe('mimetypeapplication/vnd.oasis.opendocument.text');
    expect(entries.map((e) => e.name).sort()).toEqual(['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'mimetype', 'styles.xml']);
    const manifest = entryText(entries, 'META-INF/manifest.xml');
    for (const part of ['content.xml', 'styles.xml', 'meta.xml']) expect(manifest).toContain(`manifest:full-path="${part}"`);
    expect(manifest).toContain('manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"');
  });

  it('keeps a tab and runs of spaces that ODF would otherwise collapse', async () => {
    const entries = await readZipEntries(await renderDraftDeliberation(AVIGNONET, 'a\tb   c', 'odt'));
    expect(entryText(entries, 'content.xml')).toContain('a<text:tab/>b <text:s text:c="2"/>c');
  });
});

describe('the draft', () => {
  it('refuses a format other than docx and odt', async () => {
    await expect(renderDraftDeliberation(AVIGNONET, DEFAULT_DRAFT_TEMPLATE, 'pdf' as DraftFormat)).rejects.toThrow(DomainError);
  });

  it('is offered under a file name made of the body’s name alone', () => {
    expect(draftFileName({ bodyName: 'Avignonet-Lauragais – Mairie' }, 'odt')).toBe('projet-deliberation-avignonet-lauragais-mairie.odt');
    expect(draftFileName({ bodyName: '../../etc/passwd' }, 'docx')).toBe('projet-deliberation-etc-passwd.docx');
  });
});
