import ical, { VEvent } from 'node-ical';
import { DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { adjourned, adopted, lauragaisCampaign, rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import scdlSchema from './fixtures/scdl-deliberations-2.1.3.schema.json';
import { TableSchema, tableSchemaProblems } from './support/table-schema';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Issue 19, parts 4 and 5: a campaign's deliberations as SCDL open data that data.gouv.fr takes as
 * it is, and an administrator's private calendar of the campaign.
 */

const SCHEMA = scdlSchema as TableSchema;
const FIELDS = SCHEMA.fields.map((f) => f.name);
/** Fictitious SIRETs (SIREN-like prefix, NIC 9999, Luhn key), as the reference data's. */
const SIRETS = ['99990003899998', '99990004699991', '99990005399997'];

/** A campaign of three bodies with SIRETs, the second named like a spreadsheet formula. */
function campaignWithSirets() {
  const body = smallCampaign(3, { title: 'CTG de test' });
  body.signatories = body.signatories.map((s, i) => ({ ...s, siret: SIRETS[i], ...(i === 2 ? { name: '=HYPERLINK("x") Commune' } : {}) }));
  return body;
}

/** The events of a feed as a calendar client reads them, in the feed's order. */
function eventsOf(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

function dayOf(event: VEvent): string {
  const d = event.start;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('open data (SCDL délibérations) and the calendar feed', () => {
  let t: TestApp;
  const auth = (token = t.adminToken) => ({ Authorization: `Bearer ${token}` });
  const vote = (id: string, sid: string, body: object) => t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth()).send(body).expect(200);
  const exportOf = (id: string) => t.http.get(`/campaigns/${id}/open-data/deliberations.csv`).set(auth());

  async function launch(body: ReturnType<typeof smallCampaign>, conference = true): Promise<string> {
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    if (conference) await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    return body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('exports the decided deliberations as a CSV that meets every field rule of the SCDL schema 2.1.3', async () => {
    const id = await launch(campaignWithSirets());
    await vote(id, 'epci', adopted({ number: 'DEL-2023-045', membersInOffice: 20, membersPresent: 17, proxies: 1 }));
    await vote(id, 'commune-1', adjourned());
    await vote(id, 'commune-2', rejected({ number: '-12' }));
    await t.http
      .put(`/campaigns/${id}/signatories/epci/legal-follow-up`)
      .set(auth())
      .send({ transmittedOn: '2023-07-05', acknowledgedAt: '2023-07-05T23:30:00+00:00', executoryOn: '2023-07-06' })
      .expect(200);

    const res = await exportOf(id).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${id}-deliberations-scdl.csv"`);
    expect(res.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(tableSchemaProblems(res.text, SCHEMA)).toEqual([]);
    const [header, ...lines] = res.text.trimEnd().split('\n');
    expect(header).toBe(FIELDS.join(','));
    // The adjourned body decided nothing: two lines. PREF_DATE is the acknowledgment's day in Paris.
    expect(lines).toEqual([
      'Communauté de communes de test,99990003899998,DEL-2023-045,2023-07-04,8.2,domaines de compétences par thèmes/aide sociale,Approbation de la convention « CTG de test » et autorisation de signature,,,,2023-07-06,20,18,15,1,2,',
      `"'=HYPERLINK(""x"") Commune",99990005399997,'-12,2023-07-06,8.2,domaines de compétences par thèmes/aide sociale,Approbation de la convention « CTG de test » et autorisation de signature,,,,,,14,4,9,1,`,
    ]);
  });

  it('has a checker that fails a file breaking the schema’s rules, so that its silence means something', () => {
    const good = `${FIELDS.join(',')}\nVille,99990003899998,1,2023-07-04,8.2,x,objet,,,,,,,1,0,0,\n`;
    expect(tableSchemaProblems(good, SCHEMA)).toEqual([]);
    const bad = `${FIELDS.join(',')}\nVille,9999000389999,,2023-02-30,8.20.1,x,objet,23,,,,,douze,1,0,0,pas une adresse\n`;
    expect(tableSchemaProblems(bad, SCHEMA).map((p) => p.field)).toEqual([
      'COLL_SIRET', 'DELIB_ID', 'DELIB_DATE', 'DELIB_MATIERE_CODE', 'BUDGET_ANNEE', 'VOTE_REEL', 'DELIB_URL',
    ]);
    expect(tableSchemaProblems(`COLL_NOM,COLL_SIRET\n`, SCHEMA)).toMatchObject([{ field: 'header' }]);
  });

  it('answers 409 naming the bodies without a SIRET or a deliberation number, rather than an invalid file', async () => {
    const body = campaignWithSirets();
    delete body.signatories[1].siret;
    const id = await launch(body);
    await vote(id, 'commune-1', adopted());
    await vote(id, 'commune-2', adopted({ number: undefined }));
    const res = await exportOf(id).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.message).toBe(
      "the SCDL export needs every body's SIRET and deliberation number: no SIRET for Commune 1 (give it in the signatories' siret at launch); " +
        'no deliberation number for =HYPERLINK("x") Commune (correct the deliberation with its number)',
    );
  });

  it('refuses a malformed SIRET at launch, naming the field, within a second and creating nothing', async () => {
    const body = campaignWithSirets();
    body.signatories[1].siret = '99990004699992';
    const started = Date.now();
    const res = await t.http.post('/campaigns').set(auth()).send(body).expect(422);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.body.fields).toEqual([{ field: 'signatories[1].siret', message: 'is not a valid SIRET (wrong check digit)' }]);
    await t.http.get(`/campaigns/${body.id}`).set(auth()).expect(404);
    const typed = await t.http.post('/campaigns').set(auth()).send({ ...body, signatories: [{ ...body.signatories[0], siret: 21310582899991 }] }).expect(400);
    expect(JSON.stringify(typed.body.fields)).toContain('siret');
    const badId = await t.http.get('/campaigns/a..b/open-data/deliberations.csv').set(auth()).expect(400);
    expect(badId.body.fields[0].field).toBe('id');
  });

  it('takes each body’s SIRET from the signatories CSV, as the new-campaign page imports it, and names the line of a wrong one', async () => {
    const csv = (siret: string) =>
      `id,kind,name,siren,siret,required,email\n200071298,epci,CC des Terres du Lauragais,200071298,${siret},true,cc@example.org\n`;
    const read = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv').send(csv('20007129899994')).expect(200);
    expect(read.body.signatories).toEqual([{ id: '200071298', kind: 'epci', name: 'CC des Terres du Lauragais', email: 'cc@example.org', required: true, siret: '20007129899994' }]);
    const wrong = await t.http.post('/territories/signatories/csv').set(auth()).set('Content-Type', 'text/csv').send(csv('21310582899991')).expect(422);
    expect(wrong.body.fields).toEqual([{ field: 'line 2: siret', message: `"21310582899991" must start with the body's SIREN 200071298` }]);
  });

  it('exports the demo campaign of the Terres du Lauragais, once bodies voted, as a valid file', async () => {
    const body = lauragaisCampaign();
    const id = await launch(body as ReturnType<typeof smallCampaign>);
    await vote(id, '200071298', adopted({ number: '2023-CC-112' }));
    await vote(id, '31582', adopted({ number: 'DCM 2023-27' }));
    await vote(id, 'caf31', adopted({ number: 'CA-2023-09' }));
    const res = await exportOf(id).expect(200);
    expect(tableSchemaProblems(res.text, SCHEMA)).toEqual([]);
    expect(res.text.trimEnd().split('\n').map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      'COLL_NOM,COLL_SIRET,DELIB_ID',
      'Communauté de communes des Terres du Lauragais,20007129899994,2023-CC-112',
      'Villefranche-de-Lauragais,21310582899991,DCM 2023-27',
      'Caisse d’allocations familiales de la Haute-Garonne,99990003899998,CA-2023-09',
    ]);
  });

  describe('the calendar feed', () => {
    const feedPath = (url: string) => new URL(url).pathname;
    const fetchFeed = (url: string) => t.http.get(feedPath(url));

    it('shows a subscriber the deadline, the conference and each announced session, and updates an event rather than adding one', async () => {
      const body = smallCampaign(3, { title: 'CTG du calendrier', deliberationDeadline: '2027-10-31T23:59:59+01:00' });
      const id = await launch(body);
      await t.http.put(`/campaigns/${id}/signatories/commune-1/session`).set(auth()).send({ sessionDate: '2023-07-01' }).expect(200);
      await vote(id, 'epci', adopted());

      const created = await t.http.post(`/campaigns/${id}/calendar-feed`).set(auth()).expect(201);
      expect(created.body.url).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/calendar\/cf_[A-Za-z0-9_-]{43}\.ics$/);
      const res = await fetchFeed(created.body.url).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.text).toContain('X-WR-TIMEZONE:Europe/Paris');
      const events = eventsOf(res.text);
      const seen = events.map((e) => ({ summary: e.summary, day: dayOf(e), allDay: e.datetype === 'date' }));
      expect(seen).toEqual([
        { summary: 'Date limite des délibérations — CTG du calendrier', day: '2027-10-31', allDay: true },
        { summary: 'Conférence des maires — CTG du calendrier', day: '2023-06-13', allDay: true },
        { summary: 'Conseil communautaire — Communauté de communes de test', day: '2023-07-04', allDay: true },
        { summary: 'Conseil municipal de Commune 1', day: '2023-07-01', allDay: true },
      ]);
      expect(String(events[2].description)).toBe('Délibération adoptée : 15 pour, 1 contre, 2 abstentions.');

      // The session moves and the deadline too: the same UIDs, new days.
      await t.http.put(`/campaigns/${id}/signatories/commune-1/session`).set(auth()).send({ sessionDate: '2023-07-08' }).expect(200);
      await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: '2027-11-30T23:59:59+01:00' }).expect(200);
      const again = eventsOf((await fetchFeed(created.body.url).expect(200)).text);
      expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
      expect(again.map(dayOf)).toEqual(['2027-11-30', '2023-06-13', '2023-07-04', '2023-07-08']);
    });

    it('stops at revocation, at a new URL, and when its administrator leaves; any token that opens nothing is the same 404', async () => {
      const id = await launch(smallCampaign(2));
      const first = (await t.http.post(`/campaigns/${id}/calendar-feed`).set(auth()).expect(201)).body.url;
      const second = (await t.http.post(`/campaigns/${id}/calendar-feed`).set(auth()).expect(201)).body.url;
      const noSuchCalendar = (await fetchFeed(first).expect(404)).body;
      expect(noSuchCalendar).toEqual({ statusCode: 404, error: 'Not Found', message: 'no such calendar' });
      await fetchFeed(second).expect(200);
      await t.http.delete(`/campaigns/${id}/calendar-feed`).set(auth()).expect(204);
      for (const path of [feedPath(second), `/calendar/cf_${'A'.repeat(43)}.ics`, '/calendar/cf_short.ics', `/calendar/${feedPath(second).slice(10, -4)}`, '/calendar/%00.ics']) {
        const started = Date.now();
        const res = await t.http.get(path).expect(404);
        expect(Date.now() - started).toBeLessThan(1000);
        expect(res.body).toEqual(noSuchCalendar);
      }

      // A manager of the owner subscribes, then is removed from the organisation: their feed stops.
      const email = `${uniqueId('calendrier')}@example.org`;
      await t.http.post('/administrators').set(auth()).send({ email, password: 'a-long-enough-password' }).expect(201);
      await t.http.put(`/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}/members/${email}`).set(auth()).send({ role: 'manager' }).expect(200);
      const token = (await t.http.post('/auth/login').send({ email, password: 'a-long-enough-password' }).expect(200)).body.accessToken;
      const theirs = (await t.http.post(`/campaigns/${id}/calendar-feed`).set(auth(token)).expect(201)).body.url;
      await fetchFeed(theirs).expect(200);
      await t.http.delete(`/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}/members/${email}`).set(auth()).expect(204);
      expect((await fetchFeed(theirs).expect(404)).body).toEqual(noSuchCalendar);
    });
  });
});
