import { randomSiren, uniqueId } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Invitations by e-mail (issue 18, item 4): a manager invites a person with a role; the link in the
 * e-mail expires and is accepted once, creating the account or joining with the existing one; a
 * withdrawn or expired invitation opens nothing; bad input is refused naming the field.
 */

const PASSWORD = 'a-long-enough-password';

describe('invitations to join an organisation', () => {
  let t: TestApp;
  const organisation = { siren: randomSiren(), name: `MSA (invitations ${uniqueId('t')})`, kind: 'msa' };
  let manager: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const invitationsOf = async () => (await t.dataSource.query(`SELECT email, accepted_at FROM invitation i JOIN organisation o ON o.id = i.organisation_id WHERE o.siren = $1`, [organisation.siren])) as object[];

  /** The token of the last invitation e-mailed to `email`, read from the e-mail the SMTP server took. */
  const tokenMailedTo = (email: string) =>
    eventually(() => {
      const mail = [...t.mail.mails].reverse().find((m) => m.to.includes(email) && m.subject.startsWith('Invitation'));
      const token = /\/invitation\?token=(iv_[\w-]{43})/.exec(mail?.text ?? '')?.[1];
      if (!token) throw new Error(`no invitation e-mailed to ${email}`);
      return { token, mail: mail! };
    });
  const invite = (email: string, role: string, as = manager) => t.http.post(`/organisations/${organisation.siren}/invitations`).set(bearer(as)).send({ email, role });

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/organisations').set(bearer(t.adminToken)).send(organisation).expect(201);
    const email = `${uniqueId('chef')}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${organisation.siren}/members/${email}`).set(bearer(t.adminToken)).send({ role: 'manager' }).expect(200);
    manager = (await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200)).body.accessToken;
  });
  afterAll(async () => t?.close());

  it('e-mails a link that creates the account with its password and its role, signs the person in, and works once', async () => {
    const email = `${uniqueId('nouvelle')}@example.org`;
    const sent = await invite(email.toUpperCase(), 'observer').expect(201);
    expect(sent.body).toMatchObject({ email, role: 'observer', expiresAt: expect.any(String) });
    const { token, mail } = await tokenMailedTo(email);
    expect(mail.subject).toBe(`Invitation à rejoindre ${organisation.name}`);
    expect(mail.text).toContain('comme observateur');
    // Only the token's hash is kept.
    const [row] = await t.dataSource.query(`SELECT token_hash FROM invitation WHERE email = $1`, [email]);
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM invitation WHERE email = $1`, [email]))).not.toContain(token);

    const opened = await t.http.post('/invitations/open').send({ token }).expect(200);
    expect(opened.body).toEqual({ organisation: { siren: organisation.siren, name: organisation.name, kind: 'msa' }, email, role: 'observer', expiresAt: sent.body.expiresAt, accountExists: false });
    const noPassword = await t.http.post('/invitations/accept').send({ token }).expect(422);
    expect(noPassword.body.fields).toEqual([{ field: 'password', message: 'is required: choose the new account’s password' }]);
    const accepted = await t.http.post('/invitations/accept').send({ token, password: PASSWORD }).expect(200);
    const me = await t.http.get('/auth/me').set(bearer(accepted.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email, organisations: [{ siren: organisation.siren, role: 'observer' }] });
    await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    // The same link again opens nothing.
    expect((await t.http.post('/invitations/accept').send({ token, password: PASSWORD })).status).toBe(404);
    expect((await t.http.post('/invitations/open').send({ token })).status).toBe(404);
  });

  it('lets a person who has an account join with it, without a password', async () => {
    const email = `${uniqueId('deja')}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email, password: PASSWORD }).expect(201);
    await invite(email, 'manager').expect(201);
    const { token } = await tokenMailedTo(email);
    expect((await t.http.post('/invitations/open').send({ token }).expect(200)).body.accountExists).toBe(true);
    expect((await t.http.post('/invitations/accept').send({ token, password: 'another-long-password' })).body.fields).toEqual([
      { field: 'password', message: 'must be left out: this e-mail has an account already; sign in with it' },
    ]);
    await t.http.post('/invitations/accept').send({ token }).expect(200);
    const members = (await t.http.get(`/organisations/${organisation.siren}`).set(bearer(manager)).expect(200)).body.members;
    expect(members).toContainEqual(expect.objectContaining({ email, role: 'manager' }));
    // The password of the account is the one it had.
    await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
  });

  it('refuses an expired, withdrawn or replaced invitation, and lists those awaiting an answer', async () => {
    const expired = `${uniqueId('expire')}@example.org`;
    await invite(expired, 'observer').expect(201);
    const { token: expiredToken } = await tokenMailedTo(expired);
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE email = $1`, [expired]);
    expect((await t.http.post('/invitations/accept').send({ token: expiredToken, password: PASSWORD })).status).toBe(404);

    const withdrawn = `${uniqueId('retire')}@example.org`;
    await invite(withdrawn, 'observer').expect(201);
    const { token: withdrawnToken } = await tokenMailedTo(withdrawn);
    const pending = (await t.http.get(`/organisations/${organisation.siren}/invitations`).set(bearer(manager)).expect(200)).body.invitations;
    expect(pending.map((i: { email: string }) => i.email)).toEqual(expect.arrayContaining([expired, withdrawn]));
    await t.http.delete(`/organisations/${organisation.siren}/invitations/${withdrawn}`).set(bearer(manager)).expect(204);
    expect((await t.http.post('/invitations/open').send({ token: withdrawnToken })).status).toBe(404);

    const twice = `${uniqueId('deux')}@example.org`;
    await invite(twice, 'observer').expect(201);
    const { token: first } = await tokenMailedTo(twice);
    await invite(twice, 'manager').expect(201);
    const { token: second } = await eventually(async () => {
      const found = await tokenMailedTo(twice);
      if (found.token === first) throw new Error('the second e-mail has not arrived');
      return found;
    });
    expect((await t.http.post('/invitations/open').send({ token: first })).status).toBe(404);
    expect((await t.http.post('/invitations/open').send({ token: second }).expect(200)).body.role).toBe('manager');
  });

  it('refuses bad input naming the field, an invitation of a member, and one by a non-manager, keeping nothing', async () => {
    const before = await invitationsOf();
    const cases: [object, string][] = [
      [{ email: 'not-an-email', role: 'observer' }, 'email'],
      [{ email: 'x@example.org', role: 'owner' }, 'role'],
      [{ email: 'x@example.org' }, 'role'],
      [{ email: 'x@example.org', role: 'observer', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post(`/organisations/${organisation.siren}/invitations`).set(bearer(manager)).send(body);
      expect([res.status, res.body.fields?.map((f: { field: string }) => f.field)]).toEqual([400, [field]]);
    }
    for (const token of ['sl_' + 'a'.repeat(43), 'iv_short', 'iv_' + 'a'.repeat(42) + '/']) {
      const res = await t.http.post('/invitations/accept').send({ token, password: PASSWORD });
      expect([res.status, res.body.fields?.[0]?.field]).toEqual([400, 'token']);
    }
    expect((await t.http.post('/invitations/accept').send({ token: 'iv_' + 'a'.repeat(43), password: PASSWORD })).status).toBe(404);
    const members = (await t.http.get(`/organisations/${organisation.siren}`).set(bearer(manager)).expect(200)).body.members as { email: string }[];
    expect((await invite(members[0].email, 'observer')).status).toBe(409);
    const stranger = `${uniqueId('autre')}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email: stranger, password: PASSWORD }).expect(201);
    const strangerToken = (await t.http.post('/auth/login').send({ email: stranger, password: PASSWORD }).expect(200)).body.accessToken;
    expect((await invite('y@example.org', 'observer', strangerToken)).status).toBe(404);
    expect(await invitationsOf()).toEqual(before);
  });

  it('keeps nothing when the e-mail cannot be sent, and says so (503)', async () => {
    const refused = `absent-${uniqueId('x')}@example.org`;
    t.mail.refused.add(refused);
    const res = await invite(refused, 'observer');
    expect([res.status, res.body.message]).toEqual([503, expect.stringMatching(/could not be e-mailed .* nothing was kept/)]);
    expect(await t.dataSource.query(`SELECT 1 FROM invitation WHERE email = $1`, [refused])).toEqual([]);
  });
});
