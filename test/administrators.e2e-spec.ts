import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { uniqueId } from './fixtures/campaigns';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Administrator accounts (issue 14, item 10): added, disabled, enabled, removed, their password
 * changed, through the API; a token stops working the moment its account is disabled or removed
 * or its password changes; nobody can leave the product without an active administrator.
 */

const ADMIN_EMAIL = DEVELOPMENT_DEFAULTS.ADMIN_EMAIL;
const PASSWORD = 'a-long-enough-password';

describe('administrator accounts', () => {
  let t: TestApp;
  let root: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const asRoot = () => bearer(root);

  const login = async (email: string, password = PASSWORD) => (await t.http.post('/auth/login').send({ email, password })).status;
  const token = async (email: string, password = PASSWORD) =>
    (await t.http.post('/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
  /** Whether the token still opens anything (an administrator who is not the operator may not list accounts). */
  const opensAnything = async (accessToken: string) => (await t.http.get('/auth/me').set(bearer(accessToken))).status;
  const add = async (email: string) => {
    await t.http.post('/administrators').set(asRoot()).send({ email, password: PASSWORD }).expect(201);
    return email;
  };
  const accounts = async () =>
    (await t.http.get('/administrators').set(asRoot()).expect(200)).body.administrators as { email: string; disabledAt: string | null }[];
  const administratorRows = async () => (await t.dataSource.query(`SELECT email, password_hash, disabled_at, token_version FROM administrator ORDER BY email`)) as object[];

  beforeAll(async () => {
    t = await startTestApp();
    root = t.adminToken;
  });
  afterAll(async () => t?.close());

  it('adds an administrator who can log in at once, and lists the accounts without their passwords', async () => {
    const email = `${uniqueId('alice')}@example.org`;
    const created = await t.http.post('/administrators').set(asRoot()).send({ email: email.toUpperCase(), password: PASSWORD }).expect(201);
    expect(created.body).toEqual({ email, createdAt: expect.any(String), disabledAt: null });
    expect(await login(email)).toBe(200);
    const listed = await accounts();
    expect(listed).toContainEqual({ email, createdAt: created.body.createdAt, disabledAt: null });
    expect(listed).toContainEqual(expect.objectContaining({ email: ADMIN_EMAIL, disabledAt: null }));
    expect(JSON.stringify(listed)).not.toMatch(/argon2|password/i);
  });

  it('refuses hostile or wrong input with 400 naming the field, and a second account of the same e-mail with 409, changing nothing', async () => {
    const email = await add(`${uniqueId('taken')}@example.org`);
    const before = await administratorRows();
    const cases: [object, string][] = [
      [{ email: 'not-an-email', password: PASSWORD }, 'email'],
      [{ email: `a@b.org${'\u0000'}`, password: PASSWORD }, 'email'],
      [{ email: '\ud800@example.org', password: PASSWORD }, 'email'],
      [{ email: `${'x'.repeat(250)}@example.org`, password: PASSWORD }, 'email'],
      [{ email: 'short@example.org', password: 'short' }, 'password'],
      [{ email: 'long@example.org', password: 'p'.repeat(1001) }, 'password'],
      [{ email: 'number@example.org', password: 123456789012345 }, 'password'],
      [{ email: 'extra@example.org', password: PASSWORD, role: 'owner' }, 'role'],
      [{ email: ['array@example.org'], password: PASSWORD }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post('/administrators').set(asRoot()).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const again = await t.http.post('/administrators').set(asRoot()).send({ email, password: 'another-long-password' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: `an administrator ${email} already exists; nothing changed` });
    for (const path of ['/administrators/not-an-email/disable', '/administrators/%E0%A4%A/disable', `/administrators/${encodeURIComponent('a@b.org\u0000')}/disable`]) {
      const res = await t.http.post(path).set(asRoot());
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
    expect((await t.http.delete('/administrators/not-an-email').set(asRoot())).status).toBe(400);
    expect(await administratorRows()).toEqual(before);
  });

  it('ends the tokens of a disabled administrator at once; enabling them again does not revive those tokens', async () => {
    const email = await add(`${uniqueId('bob')}@example.org`);
    const before = await token(email);
    expect(await opensAnything(before)).toBe(200);

    const disabled = await t.http.post(`/administrators/${email}/disable`).set(asRoot()).expect(200);
    expect(disabled.body).toEqual({ email, createdAt: expect.any(String), disabledAt: expect.any(String) });
    expect(await opensAnything(before)).toBe(401);
    expect((await t.http.get('/auth/me').set(bearer(before))).status).toBe(401);
    // A disabled account's login answers as a wrong password does: nothing tells which accounts exist.
    const refused = await t.http.post('/auth/login').send({ email, password: PASSWORD });
    const wrong = await t.http.post('/auth/login').send({ email: ADMIN_EMAIL, password: 'not-the-password-123' });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(wrong.body);
    // Disabling twice is harmless.
    await t.http.post(`/administrators/${email}/disable`).set(asRoot()).expect(200);

    const enabled = await t.http.post(`/administrators/${email}/enable`).set(asRoot()).expect(200);
    expect(enabled.body.disabledAt).toBeNull();
    expect(await opensAnything(before)).toBe(401);
    expect(await opensAnything(await token(email))).toBe(200);
  });

  it("changes one's own password with the current one: every earlier token dies, the answer carries a new one", async () => {
    const email = await add(`${uniqueId('carol')}@example.org`);
    const first = await token(email);
    const second = await token(email);
    const newPassword = 'carol-has-a-new-password';

    const wrong = await t.http.put('/administrators/me/password').set(bearer(first)).send({ currentPassword: 'not-my-password', newPassword });
    expect(wrong.status).toBe(422);
    expect(wrong.body.fields).toEqual([{ field: 'currentPassword', message: 'is not the current password of this account' }]);
    const same = await t.http.put('/administrators/me/password').set(bearer(first)).send({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.status).toBe(422);
    const short = await t.http.put('/administrators/me/password').set(bearer(first)).send({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(await opensAnything(first)).toBe(200);

    const changed = await t.http.put('/administrators/me/password').set(bearer(first)).send({ currentPassword: PASSWORD, newPassword }).expect(200);
    expect(changed.body).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String) });
    expect(await opensAnything(first)).toBe(401);
    expect(await opensAnything(second)).toBe(401);
    expect(await opensAnything(changed.body.accessToken)).toBe(200);
    expect(await login(email)).toBe(401);
    expect(await login(email, newPassword)).toBe(200);
  });

  it('ends the tokens of a removed administrator at once, and a removed account cannot log in', async () => {
    const email = await add(`${uniqueId('dave')}@example.org`);
    const before = await token(email);
    await t.http.delete(`/administrators/${email}`).set(asRoot()).expect(204);
    expect(await opensAnything(before)).toBe(401);
    expect(await login(email)).toBe(401);
    expect((await accounts()).map((a) => a.email)).not.toContain(email);
    const again = await t.http.delete(`/administrators/${email}`).set(asRoot());
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ statusCode: 404, message: `unknown administrator ${email}` });
    await t.http.post(`/administrators/${email}/disable`).set(asRoot()).expect(404);
    await t.http.post(`/administrators/${email}/enable`).set(asRoot()).expect(404);
  });

  it('never leaves the product without an active administrator (409), even when two disable each other at once', async () => {
    // Only the default administrator stays active, so that it is the last one.
    const others = (await accounts()).filter((a) => a.disabledAt === null && a.email !== ADMIN_EMAIL).map((a) => a.email);
    for (const email of others) await t.http.post(`/administrators/${email}/disable`).set(asRoot()).expect(200);
    const before = await administratorRows();
    for (const refused of [t.http.post(`/administrators/${ADMIN_EMAIL}/disable`), t.http.delete(`/administrators/${ADMIN_EMAIL}`)]) {
      const res = await refused.set(asRoot());
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: `${ADMIN_EMAIL} is the last active administrator: add or enable another one first; nothing changed` });
    }
    expect(await administratorRows()).toEqual(before);
    expect(await opensAnything(root)).toBe(200);

    // Two active administrators disabling each other at the same moment: one of them stays.
    const erin = await add(`${uniqueId('erin')}@example.org`);
    const erinToken = await token(erin);
    const [byRoot, byErin] = await Promise.all([
      t.http.post(`/administrators/${erin}/disable`).set(asRoot()),
      t.http.post(`/administrators/${ADMIN_EMAIL}/disable`).set(bearer(erinToken)),
    ]);
    expect([byRoot.status, byErin.status]).not.toEqual([200, 200]);
    const [{ active }] = await t.dataSource.query(`SELECT count(*)::int AS active FROM administrator WHERE disabled_at IS NULL`);
    expect(active).toBe(1);

    // Leave the default administrator as the other suites expect it: active, with its password.
    if (byErin.status === 200) {
      await t.http.post(`/administrators/${ADMIN_EMAIL}/enable`).set(bearer(erinToken)).expect(200);
      root = await token(ADMIN_EMAIL, DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    }
    for (const email of others) await t.http.post(`/administrators/${email}/enable`).set(asRoot()).expect(200);
    expect(await opensAnything(root)).toBe(200);
  });
});
