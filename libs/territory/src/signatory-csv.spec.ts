import { readFileSync } from 'node:fs';
import { TERRES_DU_LAURAGAIS_CSV, terresDuLauragaisSignatories } from '@ctg/reference-data/terres-du-lauragais';
import { epciSignatories } from './epci-signatories';
import { csvProblemsAsFields, readEmailCsv, readSignatoryCsv, signatoryDraftsToCsv } from './signatory-csv';

const HEADER = 'id,kind,name,insee_code,siren,population,postal_code,required,email';

describe('signatories from a CSV', () => {
  it('reads the reference file of the Terres du Lauragais: 62 signatories and the territory', () => {
    const result = readSignatoryCsv(readFileSync(TERRES_DU_LAURAGAIS_CSV, 'utf8'));
    expect(result).toEqual({
      ok: true,
      signatories: terresDuLauragaisSignatories(),
      territory: { name: 'Communauté de communes des Terres du Lauragais', siren: '200071298' },
    });
  });

  it('keeps a SIRET that belongs to the line’s SIREN, and names the line of one that does not', () => {
    const csv = (siret: string) =>
      `id,kind,name,siren,siret,required,email\n31582,commune,Villefranche-de-Lauragais,213105828,${siret},true,mairie-31582@example.org\n`;
    const good = readSignatoryCsv(csv('21310582899991'));
    expect(good.ok && good.signatories[0].siret).toBe('21310582899991');
    expect(readSignatoryCsv(csv('21310002799995'))).toEqual({
      ok: false,
      problems: [{ line: 2, field: 'siret', message: `"21310002799995" must start with the body's SIREN 213105828` }],
    });
    expect(readSignatoryCsv(csv('2131058289999'))).toMatchObject({ ok: false, problems: [{ line: 2, field: 'siret' }] });
  });

  it('reports every problem of every line, with the file’s line numbers, and gives nothing', () => {
    const csv = [
      HEADER,
      '200071298,epci,Communauté de communes des Terres du Lauragais,,200071298,42195,31290,true,ctg@example.org',
      '31002,commune,Aignes,31002,213100027,242,31550,false,mairie-31002@example.org',
      '31002,commune,Aignes bis,31002,213100027,242,31550,false,mairie-31002b@example.org',
      '',
      '31006,commune,Albiac,31006,213100068,231,31460,false,mairie-at-example.org',
      '31026,commune,,31026,213100266,1087,31460,false,mairie-31026@example.org',
      '31028,mairie,Avignonet-Lauragais,31028,,,,peut-être,mairie-31028@example.org',
      '"31029",commune,"Baziège,',
      'nouvelle ligne",3102X,12345,beaucoup,3129,false,',
      '31030,commune,Trop court',
    ].join('\n');
    const result = readSignatoryCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(csvProblemsAsFields(result.problems)).toEqual([
      { field: 'line 4: id', message: 'duplicated id 31002 (first on line 3)' },
      { field: 'line 6: email', message: '"mairie-at-example.org" is not an e-mail address' },
      { field: 'line 7: name', message: 'missing name' },
      { field: 'line 8: kind', message: 'unknown kind "mairie": use one of epci, commune, caf, departement, msa, other' },
      { field: 'line 8: required', message: 'bad required value "peut-être": use true or false' },
      { field: 'line 9: email', message: 'missing e-mail address' },
      { field: 'line 9: insee_code', message: '"3102X" is not an INSEE commune code (5 characters, e.g. 31582 or 2A004)' },
      { field: 'line 9: siren', message: '"12345" must be 9 digits (e.g. 200071298)' },
      { field: 'line 9: population', message: '"beaucoup" is not a whole number' },
      { field: 'line 9: postal_code', message: '"3129" is not a postal code (5 digits)' },
      { field: 'line 11: csv', message: 'has 3 fields where the header has 9' },
    ]);
  });

  it('refuses cells PostgreSQL could not store: a lone surrogate, a NUL, another control character', () => {
    const csv = [
      HEADER,
      '200071298,epci,CC des Terres du Lauragais,,200071298,42195,31290,true,ctg@example.org',
      '31002,commune,Aignes \ud800,31002,213100027,242,31550,false,mairie-31002@example.org',
      '31006,commune,Albiac,31006,213100068,231,31460,false,mairie\udc00@example.org',
      '31026,commune,Auriac\u0000,31026,213100266,1087,31460,false,mairie-31026@example.org',
    ].join('\n');
    const result = readSignatoryCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(csvProblemsAsFields(result.problems)).toEqual([
      { field: 'line 3: csv', message: expect.stringMatching(/well-formed Unicode/) },
      { field: 'line 4: csv', message: expect.stringMatching(/well-formed Unicode/) },
    ]);
    const withNul = readSignatoryCsv(csv.replace(/\ud800|\udc00/g, ''));
    expect(withNul.ok).toBe(false);
    if (withNul.ok) return;
    expect(csvProblemsAsFields(withNul.problems)).toEqual([{ field: 'line 5: name', message: 'must not contain control characters' }]);
  });

  it('checks the header, accepts semicolons, a BOM, CRLF and the short form with the five needed columns', () => {
    expect(readSignatoryCsv('id,kind,nom,required,email,commune\n1,epci,X,true,a@example.org,')).toEqual({
      ok: false,
      problems: [
        { line: 1, field: 'header', message: expect.stringContaining('unknown columns nom, commune') },
        { line: 1, field: 'header', message: 'missing columns name' },
      ],
    });
    const short = '\uFEFFid;kind;name;required;email\r\nepci;epci;Communauté de communes du Test;oui;epci@example.org\r\n2A004;commune;Ajaccio;non;mairie@example.org\r\n';
    expect(readSignatoryCsv(short)).toEqual({
      ok: true,
      signatories: [
        { id: 'epci', kind: 'epci', name: 'Communauté de communes du Test', required: true, email: 'epci@example.org' },
        { id: '2A004', kind: 'commune', name: 'Ajaccio', required: false, email: 'mairie@example.org' },
      ],
      territory: { name: 'Communauté de communes du Test' },
    });
    expect(readSignatoryCsv('')).toEqual({ ok: false, problems: [{ line: null, field: 'csv', message: 'the file is empty' }] });
    expect(readSignatoryCsv(`${HEADER}\n1,commune,X,,,,,false,a@example.org\n`)).toEqual({
      ok: false,
      problems: [{ line: null, field: 'required', message: expect.stringContaining('no signatory is required') }],
    });
    expect(readSignatoryCsv(`${HEADER}\n"1,epci`)).toEqual({ ok: false, problems: [{ line: 2, field: 'csv', message: expect.stringContaining('not a readable CSV') }] });
  });

  it('writes the proposed signatories of an EPCI as a CSV to fill in, which reads back once the e-mails are there', () => {
    const csv = signatoryDraftsToCsv(epciSignatories('200071298', { caf: '' }).signatories);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('id,kind,name,insee_code,siren,siret,population,postal_code,required,email');
    expect(lines[2]).toBe('31002,commune,Aignes,31002,213100027,,242,31550,false,');
    expect(lines).toHaveLength(61);
    const blank = readSignatoryCsv(csv);
    expect(blank.ok || blank.problems.length).toBe(60);
    const filled = lines.map((line, i) => (i === 0 ? line : `${line}body-${i}@example.org`)).join('\n');
    const result = readSignatoryCsv(filled);
    expect(result.ok && result.signatories.length).toBe(60);
  });

  it('makes partner names that a spreadsheet would run as formulas inert, as the events CSV does', () => {
    const csv = signatoryDraftsToCsv(epciSignatories('200071298', { caf: '=HYPERLINK("http://evil.example")', departement: '@SUM(A1)', msa: '-2+3' }).signatories);
    const partners = csv.trimEnd().split('\n').slice(-3);
    expect(partners).toEqual([
      expect.stringMatching(/^[^,]+,caf,"'=HYPERLINK\(""http:\/\/evil\.example""\)",/),
      expect.stringMatching(/^[^,]+,departement,'@SUM\(A1\),/),
      expect.stringMatching(/^[^,]+,msa,'-2\+3,/),
    ]);
  });
});

describe('e-mail addresses from a CSV', () => {
  it('takes the id and email columns of any CSV, skips blanks and reports bad lines', () => {
    expect(readEmailCsv('email;nom;id\nmairie-31002@example.org;Aignes;31002\n;Albiac;31006\n')).toEqual({
      ok: true,
      emails: new Map([['31002', 'mairie-31002@example.org']]),
    });
    expect(readEmailCsv('id,email\n31002,mairie@example.org\n31002,autre@example.org\n31006,pas-une-adresse\n')).toEqual({
      ok: false,
      problems: [
        { line: 3, field: 'id', message: 'duplicated id 31002 (first on line 2)' },
        { line: 4, field: 'email', message: '"pas-une-adresse" is not an e-mail address' },
      ],
    });
    expect(readEmailCsv('code,courriel\n1,a@example.org')).toEqual({ ok: false, problems: [{ line: 1, field: 'header', message: 'needs the columns id and email' }] });
  });
});
