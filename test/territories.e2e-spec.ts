import { readFileSync } from 'node:fs';
import { TERRES_DU_LAURAGAIS_CSV } from '@ctg/reference-data/terres-du-lauragais';
import { QUIET_POLICY, inDays, uniqueId } from './fixtures/campaigns';
import { TestApp, startTestApp } from './support/test-app';

const HEADER = 'id,kind,name,insee_code,siren,population,postal_code,required,email';

/** Lines 2 to 9: one duplicated id, one bad e-mail, one missing name, one unknown kind, the rest fine. */
const BAD_CSV = [
  HEADER,
  '246500573,epci,Communauté de communes de test,,246500573,,,true,epci@example.org',
  '65001,commune,Commune A,65001,,,,false,mairie-a@example.org',
  '65001,commune,Commune A bis,65001,,,,false,mairie-a-bis@example.org',
  '65002,commune,Commune B,65002,,,,false,mairie-b@@example.org',
  '65003,commune,,65003,,,,false,mairie-c@example.org',
  '65004,mairie,Commune D,65004,,,,false,mairie-d@example.org',
  'caf65,caf,Caisse d’allocations familiales des Hautes-Pyrénées,,,,,true,ctg@caf65.example.org',
].join('\n');

describe('signatories from an EPCI or a CSV, through the HTTP API', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const campaignIds = async () => (await t.http.get('/campaigns').set(auth()).expect(200)).body.campaigns.map((c: { id: string }) => c.id);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('proposes the EPCI, its 58 communes and the partner bodies asked for, e-mails to fill in', async () => {
    const answer = await t.http
      .get('/territories/epci/200071298/signatories')
      .query({ caf: '', departement: '', msa: 'MSA Midi-Pyrénées Sud' })
      .set(auth())
      .expect(200);
    expect(answer.body.territory).toMatchObject({ name: 'Communauté de communes des Terres du Lauragais', siren: '200071298', departement: { code: '31' } });
    const { signatories } = answer.body;
    expect(signatories).toHaveLength(62);
    expect(signatories.filter((s: { kind: string }) => s.kind === 'commune')).toHaveLength(58);
    expect(signatories.every((s: { email: null }) => s.email === null)).toBe(true);
    expect(signatories.filter((s: { required: boolean }) => s.required).map((s: { id: string }) => s.id)).toEqual(['200071298', 'caf31']);

    const csv = await t.http.get('/territories/epci/200071298/signatories.csv').set(auth()).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('id,kind,name,insee_code,siren,siret,population,postal_code,required,email');
    // A partner name typed as a formula arrives as text in the spreadsheet.
    const hostile = await t.http.get('/territories/epci/200071298/signatories.csv').query({ msa: '=HYPERLINK("http://evil.example")' }).set(auth()).expect(200);
    expect(hostile.text.trimEnd().split('\n').at(-1)).toMatch(/^[^,]+,msa,"'=HYPERLINK\(""http:\/\/evil\.example""\)",/);
    // An error is JSON, not CSV: the type is set on success only.
    const unknown = await t.http.get('/territories/epci/100000009/signatories.csv').set(auth()).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers 404 for an unknown SIREN, 400 for a malformed one or an unknown parameter, 401 without a token', async () => {
    const unknown = await t.http.get('/territories/epci/100000009/signatories').set(auth()).expect(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no EPCI with SIREN 100000009 in @etalab/decoupage-administratif@6.0.0 (EPCI à fiscalité propre)',
    });
    const commune = await t.http.get('/territories/epci/213105828/signatories').set(auth()).expect(404);
    expect(commune.body.message).toMatch(/SIREN of the commune Villefranche-de-Lauragais/);
    for (const siren of ['2000712', '20007129x', '200071299']) {
      const bad = await t.http.get(`/territories/epci/${siren}/signatories`).set(auth()).expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', fields: [{ field: 'siren' }] });
    }
    await t.http.get('/territories/epci/200071298/signatories?cnaf=1').set(auth()).expect(400);
    const msa = await t.http.get('/territories/epci/200071298/signatories?msa=').set(auth()).expect(400);
    expect(msa.body.fields).toEqual([{ field: 'msa', message: expect.stringContaining('name the MSA') }]);
    await t.http.get('/territories/epci/200071298/signatories').expect(401);
    await t.http.post('/territories/signatories/csv').set('Content-Type', 'text/csv').send(BAD_CSV).expect(401);
  });

  it('refuses a CSV with a duplicated id, a bad e-mail, a missing name and an unknown kind whole, each line reported', async () => {
    const before = await campaignIds();
    const answer = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv').send(BAD_CSV).expect(422);
    expect(answer.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: '4 problems on 4 lines of the CSV; nothing was imported',
      fields: [
        { field: 'line 4: id', message: 'duplicated id 65001 (first on line 3)' },
        { field: 'line 5: email', message: '"mairie-b@@example.org" is not an e-mail address' },
        { field: 'line 6: name', message: 'missing name' },
        { field: 'line 7: kind', message: 'unknown kind "mairie": use one of epci, commune, caf, departement, msa, other' },
      ],
    });
    expect(answer.body.signatories).toBeUndefined();
    const asJson = await t.http.post('/territories/signatories/csv').set(auth()).send({ csv: BAD_CSV }).expect(422);
    expect(asJson.body.fields).toEqual(answer.body.fields);
    expect(await campaignIds()).toEqual(before);
  });

  it('reads a good CSV, sent as text/csv or as JSON, into the signatories and territory of POST /campaigns', async () => {
    const reference = readFileSync(TERRES_DU_LAURAGAIS_CSV, 'utf8');
    const answer = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv; charset=utf-8').send(reference).expect(200);
    expect(answer.body.signatories).toHaveLength(62);
    expect(answer.body.territory).toEqual({ name: 'Communauté de communes des Terres du Lauragais', siren: '200071298' });
    const asJson = await t.http.post('/territories/signatories/csv').set(auth()).send({ csv: reference }).expect(200);
    expect(asJson.body).toEqual(answer.body);

    const id = uniqueId('ctg-csv');
    const { territory, signatories } = answer.body;
    await t.http
      .post('/campaigns')
      .set(auth())
      .send({ id, title: 'CTG importée d’un CSV', territory, deliberationDeadline: inDays(30), signatories, reminderPolicy: QUIET_POLICY })
      .expect(201);
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows).toHaveLength(62);
  });

  it('refuses a body that is neither text/csv nor {csv}, extra JSON fields, non-UTF-8 text and a body over 1 MiB', async () => {
    await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'application/x-www-form-urlencoded').send('csv=a').expect(415);
    const extra = await t.http.post('/territories/signatories/csv').set(auth()).send({ csv: HEADER, campaign: 'x' }).expect(400);
    expect(extra.body.fields).toEqual([{ field: 'campaign', message: 'is not expected here' }]);
    const latin1 = Buffer.from(`${HEADER}\n31582,commune,Villefranche-de-Lauragais,,,,,true,m\xe9@example.org\n`, 'latin1');
    const notUtf8 = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv').send(latin1).expect(400);
    expect(notUtf8.body.message).toMatch(/not UTF-8/);
    const huge = `${HEADER}\n${'x'.repeat(1024 * 1024)}`;
    const tooLarge = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv').send(huge).expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(doc.paths['/territories/epci/{siren}/signatories'].get.responses).toHaveProperty('404');
    expect(Object.keys(doc.paths['/territories/signatories/csv'].post.requestBody.content).sort()).toEqual(['application/json', 'text/csv']);
  });
});
