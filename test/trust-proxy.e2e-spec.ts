import { createServer, request as httpRequest, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * TRUST_PROXY (issue 14, item 7): behind one proxy the API sees every client's own address, for the
 * login limit and in the record; without the setting, an X-Forwarded-For a client writes is ignored.
 * Each client has an address of its own on the loopback network (127.0.0.2, 127.0.0.3, …).
 */

const LOGIN_LIMIT = 3;

interface Answer {
  status: number;
  body: { accessToken?: string; events?: { type: string; actor: { ip?: string } }[] };
}

/** One request from `client` (a local address) to `port`, with the headers a client may forge. */
function send(
  port: number,
  client: string,
  method: string,
  path: string,
  options: { body?: object; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: client,
        method,
        path,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A one-hop reverse proxy, as nginx's `proxy_add_x_forwarded_for` is: it appends the address it sees. */
async function startProxy(target: number): Promise<Server> {
  const proxy = createServer((req, res) => {
    const seen = req.socket.remoteAddress as string;
    const forwarded = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${seen}` : seen;
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-forwarded-for': forwarded };
    const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

const portOf = (server: { address(): AddressInfo | string | null }) => (server.address() as AddressInfo).port;

const wrongLogin = { email: 'admin@ctg.example.org', password: 'not-the-password-at-all' };

/**
 * The address the record holds for a vote that `client` sends to `port` on a new campaign, with
 * an X-Forwarded-For of its own making.
 */
async function recordedVoterIp(t: TestApp, port: number, client: string): Promise<string | undefined> {
  const body = smallCampaign(2);
  const id = body.id as string;
  const auth = { Authorization: `Bearer ${t.adminToken}` };
  await t.http.post('/campaigns').set(auth).send(body).expect(201);
  await t.http.post(`/campaigns/${id}/conference`).set(auth).send({ heldOn: '2023-06-13' }).expect(200);
  const headers = { ...auth, 'X-Forwarded-For': '203.0.113.50' };
  const vote = await send(port, client, 'PUT', `/campaigns/${id}/signatories/commune-1/deliberation`, { body: adopted(), headers });
  expect(vote.status).toBe(200);
  return eventually(async () => {
    const events = await send(port, '127.0.0.1', 'GET', `/campaigns/${id}/events`, { headers: auth });
    const recorded = events.body.events?.find((e) => e.type === 'DeliberationRecorded');
    if (!recorded) throw new Error(`no DeliberationRecorded in ${id} yet (${events.status})`);
    return recorded.actor.ip;
  });
}

describe('TRUST_PROXY=1, behind one proxy', () => {
  let t: TestApp;
  let proxy: Server;
  let proxied: number;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1', LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_LIMIT) });
    await t.app.listen(0, '127.0.0.1');
    proxy = await startProxy(portOf(t.app.getHttpServer()));
    proxied = portOf(proxy);
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await t?.close();
  });

  it('counts login attempts per client, not for the proxy as a whole', async () => {
    const first: number[] = [];
    for (let i = 0; i <= LOGIN_LIMIT; i++) first.push((await send(proxied, '127.0.0.2', 'POST', '/auth/login', { body: wrongLogin })).status);
    expect(first).toEqual([...Array(LOGIN_LIMIT).fill(401), 429]);
    // Forging X-Forwarded-For through the proxy does not buy the first client a new budget.
    const forged = await send(proxied, '127.0.0.2', 'POST', '/auth/login', { body: wrongLogin, headers: { 'X-Forwarded-For': '203.0.113.50' } });
    expect(forged.status).toBe(429);
    // Another client behind the same proxy still has its own budget.
    expect((await send(proxied, '127.0.0.3', 'POST', '/auth/login', { body: wrongLogin })).status).toBe(401);
    const right = await send(proxied, '127.0.0.3', 'POST', '/auth/login', { body: { email: wrongLogin.email, password: 'admin-ctg-local' } });
    expect(right.status).toBe(200);
  });

  it("writes the client's address, not the proxy's, into the record", async () => {
    expect(await recordedVoterIp(t, proxied, '127.0.0.4')).toBe('127.0.0.4');
  });
});

describe('without TRUST_PROXY, a client writing X-Forwarded-For itself', () => {
  let t: TestApp;
  let direct: number;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_LIMIT) });
    await t.app.listen(0, '127.0.0.1');
    direct = portOf(t.app.getHttpServer());
  });
  afterAll(async () => t?.close());

  it('gets no new login budget from a forged address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMIT; i++) {
      const headers = { 'X-Forwarded-For': `203.0.113.${10 + i}` };
      statuses.push((await send(direct, '127.0.0.5', 'POST', '/auth/login', { body: wrongLogin, headers })).status);
    }
    expect(statuses).toEqual([...Array(LOGIN_LIMIT).fill(401), 429]);
  });

  it('is recorded with the address it connects from', async () => {
    expect(await recordedVoterIp(t, direct, '127.0.0.6')).toBe('127.0.0.6');
  });
});
