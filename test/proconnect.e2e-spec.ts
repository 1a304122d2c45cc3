import { DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { randomSiren, uniqueId } from './fixtures/campaigns';
import { CookieJar, OidcTestProvider, signingKey } from './support/oidc-test-provider';
import { TestApp, startTestApp } from './support/test-app';
import { freePort } from '../scripts/dev-stack/ports';

/**
 * Sign-in with ProConnect (issue 18, item 3) against a real OpenID provider that the test runs
 * (`oidc-provider`, in its own process): authorization code with PKCE, state and nonce, through
 * `openid-client`; an agent is let in by their e-mail and their establishment's SIRET; every
 * refusal lets nobody in.
 */

const PUBLIC_URL = 'http://127.0.0.1:3999';
const REDIRECT_URI = `${PUBLIC_URL}/auth/proconnect/callback`;
const CLIENT = { clientId: 'ctg-test-client', clientSecret: 'ctg-test-client-secret-0123456789' };
const PASSWORD = 'a-long-enough-password';
/** The provider's signing key, which the client learns from its published keys at the first sign-in. */
const PROVIDER_KEY = signingKey('ctg-test-key');

/** What the browser holds after a return from the provider: the fragment of the web page it lands on. */
const fragmentOf = (location: string) => Object.fromEntries(new URLSearchParams(new URL(location, PUBLIC_URL).hash.slice(1)));

describe('sign-in with ProConnect', () => {
  let t: TestApp;
  let provider: OidcTestProvider;
  const cafSiren = DEVELOPMENT_FIRST_ORGANISATION.siren;
  const agents = {
    member: { email: `${uniqueId('agent')}@caf31.example.org`, siret: `${cafSiren}00017` },
    removed: { email: `${uniqueId('parti')}@caf31.example.org`, siret: `${cafSiren}00017` },
    unknownOrganisation: { email: `${uniqueId('ailleurs')}@example.org`, siret: `${randomSiren()}00011` },
    noAccount: { email: `${uniqueId('inconnu')}@caf31.example.org`, siret: `${cafSiren}00017` },
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** The API's start of a sign-in: the provider's URL, and this browser's state cookie. */
  async function start(): Promise<{ authorizationUrl: string; cookie: string }> {
    const res = await t.http.get('/auth/proconnect').expect(302);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ctg_proconnect_state='))!.split(';')[0];
    return { authorizationUrl: res.headers.location, cookie };
  }

  /** The agent at the provider: its login form, then its redirection back to the API's callback. */
  async function atProvider(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<string> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
      jar.store(url, res);
      if (res.status === 200) {
        const action = /action="([^"]+)"/.exec(await res.text())?.[1]?.replace(/&amp;/g, '&');
        if (!action) throw new Error(`no form at ${url}`);
        const formUrl = new URL(action, url).href;
        const posted = await fetch(formUrl, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: jar.header(formUrl), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ prompt: 'login', login, password: 'any' }),
        });
        jar.store(formUrl, posted);
        url = new URL(posted.headers.get('location') as string, formUrl).href;
      } else {
        url = new URL(res.headers.get('location') as string, url).href;
      }
      if (url.startsWith(REDIRECT_URI)) return url;
    }
    throw new Error('the provider never sent the agent back');
  }

  /** The browser's return to the API's callback, with its cookie; the fragment of the page it lands on. */
  async function back(callbackUrl: string, cookie: string): Promise<Record<string, string>> {
    const { pathname, search } = new URL(callbackUrl);
    const res = await t.http.get(`${pathname}${search}`).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toMatch(/^\/connexion-proconnect#/);
    return fragmentOf(res.headers.location);
  }

  async function signIn(login: string): Promise<Record<string, string>> {
    const { authorizationUrl, cookie } = await start();
    return back(await atProvider(authorizationUrl, login), cookie);
  }

  beforeAll(async () => {
    const port = await freePort();
    provider = new OidcTestProvider({
      port,
      ...CLIENT,
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: `${PUBLIC_URL}/`,
      accounts: Object.fromEntries(Object.entries(agents).map(([login, agent]) => [login, { ...agent, given_name: 'Camille', usual_name: 'Martin' }])),
      jwk: PROVIDER_KEY,
    });
    await provider.start();
    t = await startTestApp({ PUBLIC_URL, PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: CLIENT.clientId, PROCONNECT_CLIENT_SECRET: CLIENT.clientSecret });
    for (const agent of [agents.member, agents.removed]) {
      await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email: agent.email, password: PASSWORD }).expect(201);
      await t.http.put(`/organisations/${cafSiren}/members/${agent.email}`).set(bearer(t.adminToken)).send({ role: 'observer' }).expect(200);
    }
    await t.http.delete(`/organisations/${cafSiren}/members/${agents.removed.email}`).set(bearer(t.adminToken)).expect(204);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('lets a member in by the e-mail and SIRET the provider vouches for, and ends the session at the provider at logout', async () => {
    expect((await t.http.get('/auth/sign-in-options').expect(200)).body).toEqual({ password: true, proConnect: true });
    const jar = new CookieJar();
    const { authorizationUrl, cookie } = await start();
    const request = new URL(authorizationUrl);
    expect(request.origin).toBe(provider.issuer);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid email given_name usual_name siret',
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    const session = await back(await atProvider(authorizationUrl, 'member', jar), cookie);
    expect(Object.keys(session).sort()).toEqual(['expire', 'idt', 'jeton']);
    const me = await t.http.get('/auth/me').set(bearer(session.jeton)).expect(200);
    expect(me.body).toMatchObject({ kind: 'administrator', email: agents.member.email, organisations: [{ siren: cafSiren, role: 'observer' }] });

    // Logout: the API sends the browser to the provider's end of session, which ends it there.
    const logout = await t.http.get(`/auth/proconnect/logout?id_token_hint=${session.idt}`).expect(302);
    const endSession = new URL(logout.headers.location);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/`);
    const url = endSession.href;
    const confirm = await fetch(url, { headers: { cookie: jar.header(url) } });
    const form = await confirm.text();
    const action = new URL(/action="([^"]+)"/.exec(form)![1], url).href;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1];
    const ended = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(action), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    jar.store(action, ended);
    const home = new URL(ended.headers.get('location') as string, action);
    expect(`${home.origin}${home.pathname}`).toBe(`${PUBLIC_URL}/`);
    // The provider asks for the agent's login again: their session there is over.
    const again = await start();
    const relogin = await fetch(again.authorizationUrl, { redirect: 'manual', headers: { cookie: jar.header(again.authorizationUrl) } });
    jar.store(again.authorizationUrl, relogin);
    const interaction = new URL(relogin.headers.get('location') as string, again.authorizationUrl).href;
    const page = await fetch(interaction, { headers: { cookie: jar.header(interaction) } });
    expect(await page.text()).toContain('name="login"');
  });

  it("refuses a return whose state is not this browser's, and the same return twice", async () => {
    const first = await start();
    const other = await start();
    const callback = await atProvider(first.authorizationUrl, 'member');
    // The return of one sign-in in a browser that started another (a forged link): refused.
    expect(await back(callback, other.cookie)).toEqual({ erreur: 'etat' });
    // Without the cookie at all.
    const { pathname, search } = new URL(callback);
    const bare = await t.http.get(`${pathname}${search}`).expect(302);
    expect(fragmentOf(bare.headers.location)).toEqual({ erreur: 'etat' });
    // The right browser still signs in once; the same return again is refused.
    expect(await back(callback, first.cookie)).toHaveProperty('jeton');
    expect(await back(callback, first.cookie)).toEqual({ erreur: 'etat' });
  });

  it('refuses a code used already, even under a new state of the same browser', async () => {
    const first = await start();
    const callback = await atProvider(first.authorizationUrl, 'member');
    expect(await back(callback, first.cookie)).toHaveProperty('jeton');
    const second = await start();
    const replay = new URL(callback);
    replay.searchParams.set('state', new URLSearchParams(second.cookie).get('ctg_proconnect_state') as string);
    expect(await back(replay.href, second.cookie)).toEqual({ erreur: 'fournisseur' });
  });

  it('refuses an agent of an organisation unknown here, one with no account, and a member removed since', async () => {
    expect(await signIn('unknownOrganisation')).toEqual({ erreur: 'organisation-inconnue' });
    expect(await signIn('noAccount')).toEqual({ erreur: 'non-membre' });
    expect(await signIn('removed')).toEqual({ erreur: 'non-membre' });
  });

  it('refuses an id token signed with a key other than the one the provider published, and one expired on arrival', async () => {
    // The provider signs with another key under the same kid, and still publishes its own: no signature verifies.
    await provider.stop();
    await provider.start({ jwk: signingKey('ctg-test-key'), publishedJwk: PROVIDER_KEY });
    expect(await signIn('member')).toEqual({ erreur: 'fournisseur' });

    // Its own key again, but a clock two minutes behind: an id token of one minute has expired when it
    // arrives, beyond the client's tolerance of 30 s.
    await provider.stop();
    await provider.start({ jwk: PROVIDER_KEY, publishedJwk: undefined, idTokenTtlSeconds: 60, clockOffsetSeconds: -120 });
    expect(await signIn('member')).toEqual({ erreur: 'fournisseur' });

    // The same provider with its key and its lifetimes in order lets the member in: the refusals were the tokens'.
    await provider.stop();
    await provider.start({ jwk: PROVIDER_KEY, idTokenTtlSeconds: 3600, clockOffsetSeconds: 0 });
    expect(await signIn('member')).toHaveProperty('jeton');
  });

  it('answers 400 naming the field for a logout without the id token, and changes nothing', async () => {
    const res = await t.http.get('/auth/proconnect/logout?id_token_hint=not-a-token').expect(400);
    expect(res.body.fields).toEqual([{ field: 'id_token_hint', message: 'must be the id token given at sign-in' }]);
  });
});
