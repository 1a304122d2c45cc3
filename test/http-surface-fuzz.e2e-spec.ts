import fc from 'fast-check';
import { request as httpRequest, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { OpenApiDocument } from './support/openapi';
import {
  asHeaderValue,
  brokenJsonText,
  deepNesting,
  hostileJson,
  hostileKey,
  hostileNumber,
  hostileLine,
  hostileText,
  hostileUrlPiece,
  percentEncode,
  spoiler,
} from './support/hostile-input';
import { eventually, startTestApp, TestApp } from './support/test-app';

/**
 * The HTTP surface under generated input (issue 14, "the class, not the instance"): every route
 * of the served OpenAPI document, as every kind of caller, with generated paths, query strings,
 * headers and bodies. Properties: no 5xx, an answer within a second, a refused request records
 * nothing and says why in the error shape (a 400 names its field); and after the run the
 * campaign still records a vote, projects it, and its chain verifies.
 *
 * `npm test` plays a small sample with a fixed seed; `npm run test:fuzz` plays FUZZ_RUNS cases
 * (5,000 by default) with a new seed, printed; `FUZZ_SEED=<seed>` replays a run (the same
 * requests in the same order); FUZZ_DEBUG=1 prints every case and its answer.
 */

const FIXED_SEED = 20_261_202;
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : FIXED_SEED;
/** The answer's deadline; a CPU-starved machine may be given a margin with FUZZ_MAX_MS. */
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 1000);
/** How long a case may wait for an answer before it counts as none. */
const GIVE_UP_MS = 15_000;

const OWN = 'commune-1';
/** Never addressed by the fuzz: the vote recorded at the end. */
const RESERVED = 'commune-3';
const CALLERS = ['none', 'badToken', 'admin', 'ownSecretary', 'foreignSecretary'] as const;
type Caller = (typeof CALLERS)[number];
/** Drawn more often where the most code runs behind the access check. */
const CALLER_DRAW: Caller[] = [...CALLERS, 'admin', 'admin', 'ownSecretary'];

interface Campaigns {
  /** In deliberation; its secretary of commune-1 is a caller; it records the final vote. */
  target: string;
  /** Takes the administrator's requests that end a campaign or replace a link, which would end the target's story. */
  scratch: string;
  /** Another campaign, whose secretary of commune-1 is the foreign caller. */
  foreign: string;
}

interface Route {
  method: string;
  template: string;
  queryNames: string[];
  bodySchema?: Schema;
}

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Case {
  route: Route;
  caller: Caller;
  tokenIn: 'header' | 'query' | 'both';
  badToken: string;
  pathValues: Record<string, string>;
  query: [string, string][];
  rawQuery: string;
  headers: [string, string][];
  body: { contentType?: string; text?: string; json?: unknown; encoding?: string };
}

interface Answer {
  status: number;
  ms: number;
  serverMs?: number;
  error?: string;
  body: string;
}

type Violation = { kind: '5xx' | 'slow' | 'no answer' | 'wrote on refusal' | 'unclear refusal'; detail: string; request: string };

/**
 * What is wrong with a refusal's body, if anything: every error is in the shape of API.md, and a
 * 400 names the field it refuses. (431 is Node's own answer to oversized headers, before the app.)
 */
function unclearRefusal(answer: Answer): string | undefined {
  if (answer.status < 400 || answer.status === 431) return undefined;
  let body: { statusCode?: unknown; error?: unknown; message?: unknown; fields?: { field?: unknown }[] };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return 'not JSON';
  }
  if (body.statusCode !== answer.status || typeof body.error !== 'string' || typeof body.message !== 'string') return 'not the error shape';
  if (answer.status === 400 && !(Array.isArray(body.fields) && body.fields.length && body.fields.every((f) => typeof f.field === 'string' && f.field !== ''))) {
    return 'a 400 that names no field';
  }
  return undefined;
}

/** A readable account of a case, to print as its counterexample. */
function describeCase(c: Case, url: string): string {
  const body = c.body.text ?? (c.body.json === undefined ? '' : JSON.stringify(c.body.json));
  return `${c.route.method} ${url.length > 400 ? `${url.slice(0, 400)}…(${url.length} characters)` : url} as ${c.caller} (token in ${c.tokenIn}) headers=${JSON.stringify(c.headers)} content-type=${c.body.contentType ?? '-'}${c.body.encoding ? ` content-encoding=${c.body.encoding}` : ''} body(${body.length})=${JSON.stringify(body.slice(0, 300))}`;
}

describe('HTTP surface fuzz: every route × every caller × generated input', () => {
  let t: TestApp;
  let port: number;
  let doc: OpenApiDocument;
  let campaigns: Campaigns;
  let tokens: Record<'ownSecretary' | 'foreignSecretary', string>;
  const serverTimes = new Map<string, number>();

  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  async function launch(): Promise<string> {
    const body = smallCampaign(4);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    return body.id as string;
  }

  const link = async (id: string) => (await t.http.post(`/campaigns/${id}/signatories/${OWN}/link`).set(admin()).expect(201)).body.token as string;

  /** What a refused request must leave as it found it: the record, the campaigns, links, accounts, outboxes. */
  async function snapshot(): Promise<string> {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM campaign_event) AS events,
              (SELECT coalesce(max(seq), 0) FROM campaign_event) AS seq,
              (SELECT count(*) FROM campaign_view) AS campaigns,
              (SELECT count(*) FROM signatory_view WHERE status <> 'pending') AS decided,
              (SELECT count(*) FROM signatory_link) AS links,
              (SELECT count(*) FROM signatory_link WHERE revoked_at IS NOT NULL) AS revoked,
              (SELECT count(*) FROM administrator) AS administrators,
              (SELECT count(*) FROM personal_link_outbox) AS "linkMails",
              (SELECT count(*) FROM reminder_outbox) AS reminders`,
    );
    return JSON.stringify(row);
  }

  /** After a write that succeeded: what it set going (projection, e-mail) lands before the next case's snapshot. */
  async function settle(): Promise<void> {
    let last = await snapshot();
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const now = await snapshot();
      if (now === last) return;
      last = now;
    }
  }

  function routesOf(document: OpenApiDocument): Route[] {
    const routes: Route[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
        routes.push({
          method: method.toUpperCase(),
          template,
          queryNames: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodySchema: content?.['application/json']?.schema,
        });
      }
    }
    return routes;
  }

  function resolve(schema: Schema | undefined): Schema {
    if (!schema) return {};
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop() as string] as Schema);
    const parts = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (parts?.length) return resolve(parts[0]);
    return schema;
  }

  /**
   * Plausible values for a field, so that generated bodies get past the first check into the rules
   * behind it: the document's own example most often (its examples agree with one another).
   */
  function plausible(name: string, schema: Schema): fc.Arbitrary<unknown> {
    const typed = typedValue(name, schema);
    return schema.example === undefined ? typed : fc.oneof({ weight: 8, arbitrary: fc.constant(schema.example) }, { weight: 1, arbitrary: typed });
  }

  function typedValue(name: string, schema: Schema): fc.Arbitrary<unknown> {
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    if (schema.type === 'integer' || schema.type === 'number') return fc.integer({ min: 0, max: 40 });
    if (schema.type === 'boolean') return fc.boolean();
    if (/date|On$|At$|deadline/i.test(name) || schema.format === 'date' || schema.format === 'date-time') {
      return fc.constantFrom('2023-07-04', '2023-06-13', '2099-01-01', '2023-07-04T10:00:00+02:00', new Date(Date.now() + 86_400_000).toISOString());
    }
    if (/email/i.test(name)) return fc.constantFrom('admin@ctg.example.org', 'a@example.org', 'mairie-1@example.org');
    if (/sha256/i.test(name)) return fc.constantFrom('a'.repeat(64), '0123456789abcdef'.repeat(4));
    if (/decision/i.test(name)) return fc.constantFrom('adopted', 'rejected', 'adjourned');
    return fc.string({ minLength: 1, maxLength: 12 });
  }

  /** A value of the documented type for a field: nested objects and arrays follow their own schema. */
  function plausibleValue(name: string, raw: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    if (schema.type === 'object' || schema.properties) return bodyFor(schema, depth + 1);
    if (schema.type === 'array') return fc.array(plausibleValue(name, schema.items, depth + 1), { minLength: 1, maxLength: depth > 0 ? 2 : 4 });
    return plausible(name, schema);
  }

  /**
   * A body shaped like the documented one (its required fields present, the others or not), then
   * broken a little: up to two fields given a hostile value or the wrong type, a required field
   * dropped, unknown keys added. Mostly-valid bodies reach the rules behind the first check.
   */
  function bodyFor(raw: Schema | undefined, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const schema = resolve(raw) as Schema & { required?: string[] };
    const properties = depth > 3 ? {} : (schema.properties ?? {});
    const names = Object.keys(properties);
    const fields = Object.fromEntries(names.map((name) => [name, plausibleValue(name, properties[name], depth)]));
    const hostileValue = (name: string) => {
      const field = resolve(properties[name]);
      if (field.type === 'integer' || field.type === 'number') return fc.oneof(hostileNumber, hostileJson);
      // Fine text with one bad character in it: the rest of the body stays valid, so it reaches storage if nothing refuses it.
      const spoiled = fc.tuple(plausible(name, field), spoiler, fc.boolean()).map(([text, bad, before]) => (typeof text !== 'string' ? bad : before ? bad + text : text + bad));
      return fc.oneof(spoiled, hostileText, hostileJson);
    };
    const noName = fc.constant<[string, unknown][]>([]);
    return fc
      .tuple(
        fc.record(fields, { requiredKeys: names.filter((name) => schema.required?.includes(name)) }),
        names.length ? fc.oneof(noName, fc.array(fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), hostileValue(name))), { minLength: 1, maxLength: 2 })) : noName,
        fc.option(fc.constantFrom(...(names.length ? names : [''])), { freq: 6 }),
        fc.option(fc.dictionary(hostileKey(names), hostileJson, { maxKeys: 2 }), { freq: 4 }),
      )
      .map(([known, broken, dropped, extra]) => {
        const out: Record<string, unknown> = { ...known };
        for (const [name, value] of broken) out[name] = value;
        if (dropped !== null) delete out[dropped];
        // Keys set one by one, `__proto__` included, as JSON.parse would produce them.
        for (const [key, value] of Object.entries(extra ?? {})) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        return out;
      });
  }

  function caseArbitrary(routes: Route[]): fc.Arbitrary<Case> {
    return fc.constantFrom(...routes).chain((route) => {
      const names = [...route.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathValues = fc.record(Object.fromEntries(names.map((name) => [name, pathValue(name)])) as Record<string, fc.Arbitrary<string>>);
      const queryKey = fc.oneof(fc.constantFrom(...route.queryNames, 'token', 'after', 'limit', 'a[b]', 'a[]', '__proto__', 'constructor[prototype]'), hostileLine);
      const queryValue = fc.oneof(fc.constantFrom('0', '1', '-1', '10', '1e3', '500', '100000', '9007199254740993', ''), hostileLine);
      const headerName = fc.constantFrom(
        'x-forwarded-for',
        'x-real-ip',
        'forwarded',
        'accept',
        'accept-language',
        'accept-encoding',
        'cookie',
        'origin',
        'referer',
        'range',
        'if-none-match',
        'x-http-method-override',
        'x-request-id',
        'user-agent',
        'content-language',
        'x-campaign',
      );
      const body = fc.oneof(
        { weight: route.bodySchema ? 12 : 1, arbitrary: bodyFor(route.bodySchema).map((json) => ({ contentType: 'application/json', json })) },
        { weight: 2, arbitrary: fc.oneof(fc.dictionary(hostileKey([]), hostileJson, { maxKeys: 4 }), hostileJson).map((json) => ({ contentType: 'application/json', json })) },
        { weight: 1, arbitrary: deepNesting.map((text) => ({ contentType: 'application/json', text })) },
        { weight: 1, arbitrary: brokenJsonText.map((text) => ({ contentType: 'application/json', text })) },
        {
          weight: 1,
          arbitrary: fc.record({
            contentType: fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/merge-patch+json'),
            text: fc.oneof(hostileText, brokenJsonText),
          }),
        },
        { weight: 1, arbitrary: fc.record({ contentType: fc.constant('application/json'), encoding: fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'identity, gzip'), text: brokenJsonText }) },
        { weight: route.bodySchema ? 1 : 6, arbitrary: fc.constant({}) },
      );
      return fc.record({
        route: fc.constant(route),
        caller: fc.constantFrom(...CALLER_DRAW),
        tokenIn: fc.constantFrom('header', 'header', 'header', 'query', 'both'),
        badToken: fc.oneof(
          fc.constantFrom('sl_' + 'A'.repeat(43), 'sl_', 'eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW5pc3RyYXRvciJ9.', 'eyJ.eyJ.x', 'Bearer', 'null'),
          fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 }).map((s) => `sl_${s}`),
          hostileText,
        ),
        pathValues,
        query: fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
        rawQuery: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hostileUrlPiece }),
        headers: fc.array(fc.tuple(headerName, hostileLine.map(asHeaderValue)), { maxLength: 3 }),
        body,
      });
    });
  }

  /** The campaigns and signatories that exist most of the time, anything at all otherwise. */
  function pathValue(name: string): fc.Arbitrary<string> {
    const known: Record<string, string[]> = {
      id: ['$target', '$target', '$target', '$foreign', 'ctg-unknown-campaign'],
      sid: [OWN, OWN, 'commune-2', 'epci', 'nobody'],
      siren: ['200071298', '200023372', '100000009', '2000713'],
    };
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(known[name] ?? ['x'])) }, { weight: 1, arbitrary: hostileUrlPiece });
  }

  function tokenOf(c: Case): string | undefined {
    if (c.caller === 'none') return undefined;
    if (c.caller === 'badToken') return c.badToken;
    if (c.caller === 'admin') return t.adminToken;
    return tokens[c.caller];
  }

  function urlOf(c: Case): string {
    // The administrator's requests that would end the target's story (cancel, sign, replace the own link) go to the scratch campaign.
    const ending = c.caller === 'admin' && /\/(cancel|signature|link(\/send)?)$/.test(c.route.template);
    const path = c.route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = c.pathValues[name];
      if (value === '$target') return ending ? campaigns.scratch : campaigns.target;
      if (value === '$foreign') return campaigns.foreign;
      return value;
    });
    const pairs = c.query.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`);
    const token = tokenOf(c);
    if (token !== undefined && c.tokenIn !== 'header') pairs.push(`token=${percentEncode(token)}`);
    if (c.rawQuery) pairs.push(c.rawQuery);
    return pairs.length ? `${path}?${pairs.join('&')}` : path;
  }

  function send(c: Case, url: string, id: string): Promise<Answer> {
    const headers: Record<string, string> = {};
    for (const [name, value] of c.headers) headers[name] = value;
    const token = tokenOf(c);
    if (token !== undefined && c.tokenIn !== 'query') headers.authorization = asHeaderValue(`Bearer ${token}`);
    let payload: Buffer | undefined;
    if (c.body.text !== undefined) payload = Buffer.from(c.body.text, 'utf8');
    else if (c.body.json !== undefined) payload = Buffer.from(JSON.stringify(c.body.json), 'utf8');
    if (payload && c.body.contentType) headers['content-type'] = c.body.contentType;
    if (payload && c.body.encoding) headers['content-encoding'] = c.body.encoding;
    // Node frames a GET's body only when told its length; unframed bytes would read as a second, broken request.
    if (payload) headers['content-length'] = String(payload.length);
    headers['x-fuzz-case'] = id;
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    return new Promise((done) => {
      let answered = false;
      const finish = (answer: Omit<Answer, 'ms'>) => {
        if (answered) return;
        answered = true;
        done({ ...answer, ms: elapsed(), serverMs: serverTimes.get(id) });
      };
      const req = httpRequest({ host: '127.0.0.1', port, method: c.route.method, path: url, headers, agent: false, timeout: GIVE_UP_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => finish({ status: res.statusCode ?? 0, body: '', error: error.message }));
      });
      req.on('timeout', () => {
        req.destroy(new Error(`no answer within ${GIVE_UP_MS} ms`));
      });
      // A server that answers 413 before reading a large body may close while it is still being written: the answer counts.
      req.on('error', (error) => setTimeout(() => finish({ status: 0, body: '', error: error.message }), 50));
      req.end(payload);
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ SECRETARY_REQUESTS_PER_MINUTE: '1000000', LOGIN_ATTEMPTS_PER_MINUTE: '1000000' });
    const server = t.app.getHttpServer() as Server;
    // The server's own time for each case, from the request's arrival to its last byte written.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const id = req.headers['x-fuzz-case'];
      if (typeof id !== 'string') return;
      const started = process.hrtime.bigint();
      res.on('finish', () => serverTimes.set(id, Number(process.hrtime.bigint() - started) / 1e6));
    });
    await t.app.listen(0, '127.0.0.1');
    port = (server.address() as AddressInfo).port;
    doc = (await t.http.get('/docs-json').expect(200)).body;
    campaigns = { target: await launch(), scratch: await launch(), foreign: await launch() };
    tokens = { ownSecretary: await link(campaigns.target), foreignSecretary: await link(campaigns.foreign) };
  }, 180_000);

  afterAll(async () => t?.close());

  it(
    `keeps every answer under 500 and under a second, and records nothing it refuses (${RUNS} cases, seed ${SEED})`,
    async () => {
      const routes = routesOf(doc);
      expect(routes.length).toBeGreaterThan(20);
      const violations: Violation[] = [];
      const statuses = new Map<number, number>();
      const perRoute = new Map<string, number>();
      const slowOnce: string[] = [];
      let cases = 0;
      let maxMs = 0;
      let maxServerMs = 0;
      const started = Date.now();
      console.log(`http surface fuzz: seed ${SEED}, ${RUNS} cases over ${routes.length} routes (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm run test:fuzz)`);

      /** One case played; its violations, if any, in words. */
      const play = async (c: Case): Promise<Violation[]> => {
        const id = String(++cases);
        const url = urlOf(c);
        const before = await snapshot();
        const answer = await send(c, url, id);
        const found: Violation[] = [];
        const request = describeCase(c, url);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (process.env.FUZZ_DEBUG) console.log(`${answer.status} ${answer.ms.toFixed(0)} ms ${request.slice(0, 300)} → ${answer.body.slice(0, 200)}`);
        perRoute.set(`${c.route.method} ${c.route.template}`, (perRoute.get(`${c.route.method} ${c.route.template}`) ?? 0) + 1);
        maxMs = Math.max(maxMs, answer.ms);
        maxServerMs = Math.max(maxServerMs, answer.serverMs ?? 0);
        if (answer.status === 0) found.push({ kind: 'no answer', detail: answer.error ?? 'connection closed', request });
        if (answer.status >= 500) found.push({ kind: '5xx', detail: `${answer.status} ${answer.body.slice(0, 500)}`, request });
        const unclear = unclearRefusal(answer);
        if (unclear) found.push({ kind: 'unclear refusal', detail: `${answer.status}: ${unclear}: ${answer.body.slice(0, 300)}`, request });
        if (answer.ms >= MAX_MS) {
          // Input that stalls the server stalls it again; a machine starved of CPU for a moment does not.
          const again = await send(c, url, `${id}-again`);
          if (again.ms >= MAX_MS) {
            found.push({ kind: 'slow', detail: `${answer.ms.toFixed(0)} ms then ${again.ms.toFixed(0)} ms (server ${again.serverMs?.toFixed(0) ?? '?'} ms), status ${again.status}`, request });
          } else {
            slowOnce.push(`${answer.ms.toFixed(0)} ms then ${again.ms.toFixed(0)} ms: ${c.route.method} ${c.route.template}`);
          }
        }
        if (answer.status >= 400 && answer.status < 500) {
          const after = await snapshot();
          if (after !== before) found.push({ kind: 'wrote on refusal', detail: `${answer.status}: ${before} → ${after}`, request });
        } else if (answer.status < 400 && c.route.method !== 'GET') {
          await settle();
        }
        return found;
      };

      // Every route gets its share of the cases, each route its own seed drawn from the run's: a new
      // route cannot leave another undrawn. Every case is played and every violation counted; the
      // first one is then replayed alone and shrunk.
      const runsPerRoute = Math.max(1, Math.ceil(RUNS / routes.length));
      const routeSeed = (i: number) => (SEED + i * 7919) % 2 ** 31;
      let firstBroken: { route: number; run: number } | undefined;
      for (const [i, route] of routes.entries()) {
        let run = -1;
        await fc.assert(
          fc.asyncProperty(caseArbitrary([route]), async (c) => {
            run++;
            const found = await play(c);
            if (found.length && firstBroken === undefined) firstBroken = { route: i, run };
            violations.push(...found);
          }),
          { seed: routeSeed(i), numRuns: runsPerRoute },
        );
      }
      const seconds = (Date.now() - started) / 1000;
      const count = (kind: Violation['kind']) => violations.filter((v) => v.kind === kind).length;
      console.log(
        [
          `http surface fuzz: ${cases} cases in ${seconds.toFixed(0)} s, seed ${SEED}`,
          `5xx: ${count('5xx')}, no answer: ${count('no answer')}, slower than ${MAX_MS} ms: ${count('slow')}, wrote on refusal: ${count('wrote on refusal')}, unclear refusal: ${count('unclear refusal')}`,
          `slowest answer ${maxMs.toFixed(0)} ms (server side ${maxServerMs.toFixed(0)} ms); slow once but not when replayed: ${slowOnce.length ? slowOnce.join('; ') : 'none'}`,
          `statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
          `cases per route: min ${Math.min(...perRoute.values())} over ${perRoute.size} routes`,
          ...violations.slice(0, 15).map((v) => `  ${v.kind}: ${v.detail}\n    ${v.request}`),
        ].join('\n'),
      );

      if (firstBroken !== undefined) {
        // A minimal request that still breaks the same property (the server has moved on since, so it may not break again).
        const kind = violations[0].kind;
        const broken = firstBroken;
        const minimal = await fc.check(
          fc.asyncProperty(caseArbitrary([routes[broken.route]]), async (c) => !(await play(c)).some((v) => v.kind === kind)),
          { seed: routeSeed(broken.route), path: String(broken.run), interruptAfterTimeLimit: 120_000 },
        );
        const [c] = minimal.counterexample ?? [];
        const where = `route ${broken.route}, case ${broken.run}`;
        console.log(
          c
            ? `minimal counterexample of "${kind}" (FUZZ_SEED=${SEED}, ${where}, shrink path ${minimal.counterexamplePath}):\n  ${describeCase(c, urlOf(c))}`
            : `${where} of seed ${SEED} did not break "${kind}" again when replayed alone`,
        );
      }
      // Every route of the document was played (new routes included).
      expect(routes.filter((r) => !perRoute.has(`${r.method} ${r.template}`))).toEqual([]);
      expect(violations.map((v) => `${v.kind}: ${v.detail} — ${v.request.slice(0, 400)}`)).toEqual([]);
    },
    Math.max(600_000, RUNS * 400),
  );

  it('still records a valid vote afterwards, projects it, and every campaign’s chain verifies', async () => {
    await t.http.put(`/campaigns/${campaigns.target}/signatories/${RESERVED}/deliberation`).set(admin()).send(adopted()).expect(200);
    await eventually(async () => {
      const rows = (await t.http.get(`/campaigns/${campaigns.target}/signatories`).set(admin()).expect(200)).body.signatories as { id: string; status: string }[];
      expect(rows.find((row) => row.id === RESERVED)?.status).toBe('adopted');
    });
    for (const id of Object.values(campaigns)) {
      const verification = (await t.http.get(`/campaigns/${id}/record/verify`).set(admin()).expect(200)).body;
      expect({ id, valid: verification.valid }).toEqual({ id, valid: true });
    }
    await t.http.get('/health').expect(200);
  });
});
