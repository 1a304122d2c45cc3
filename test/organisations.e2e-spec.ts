import { AdministratorRepository } from '@ctg/persistence';
import { isSiren } from '@ctg/territory';
import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { QUIET_POLICY, randomSiren, smallCampaign, uniqueId } from './fixtures/campaigns';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Organisations and roles (issue 18): a campaign belongs to the organisation that launched it and
 * is shared with partners; a manager acts, an observer reads and changes nothing, and any other
 * administrator (the operator included) finds no such campaign.
 */

const PASSWORD = 'a-long-enough-password';

describe('organisations and roles', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const epci = { siren: randomSiren(), name: 'Communauté de communes des Terres du Lauragais (test)', kind: 'epci' };
  const other = { siren: randomSiren(), name: 'Communauté de communes voisine (test)', kind: 'epci' };
  const tokens: Record<'cafManager' | 'cafObserver' | 'epciManager' | 'epciObserver' | 'otherManager' | 'operatorOnly', string> = {} as never;
  const emails: Record<keyof typeof tokens, string> = {} as never;

  const account = async (who: keyof typeof tokens) => {
    emails[who] = `${uniqueId(who.toLowerCase())}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email: emails[who], password: PASSWORD }).expect(201);
    tokens[who] = (await t.http.post('/auth/login').send({ email: emails[who], password: PASSWORD }).expect(200)).body.accessToken;
  };
  const member = (siren: string, who: keyof typeof tokens, role: string, as = t.adminToken) =>
    t.http.put(`/organisations/${siren}/members/${emails[who]}`).set(bearer(as)).send({ role });
  const launch = async (as: string, overrides: object = {}) => {
    const body = smallCampaign(3, { id: uniqueId('org'), reminderPolicy: QUIET_POLICY, ...overrides });
    const res = await t.http.post('/campaigns').set(bearer(as)).send(body);
    return { id: body.id as string, body, res };
  };
  const eventCount = async (id: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1`, [id]))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    for (const org of [epci, other]) await t.http.post('/organisations').set(bearer(t.adminToken)).send(org).expect(201);
    for (const who of Object.keys({ cafManager: 1, cafObserver: 1, epciManager: 1, epciObserver: 1, otherManager: 1, operatorOnly: 1 }) as (keyof typeof tokens)[]) {
      await account(who);
    }
    const caf = DEVELOPMENT_FIRST_ORGANISATION.siren;
    await member(caf, 'cafManager', 'manager').expect(200);
    await member(caf, 'cafObserver', 'observer').expect(200);
    await member(epci.siren, 'epciManager', 'manager').expect(200);
    await member(epci.siren, 'epciObserver', 'observer').expect(200);
    await member(other.siren, 'otherManager', 'manager').expect(200);
  });
  afterAll(async () => t?.close());

  it('tells each administrator who they are: the operator, and their organisations with their role', async () => {
    expect(isSiren(DEVELOPMENT_FIRST_ORGANISATION.siren)).toBe(true);
    const me = await t.http.get('/auth/me').set(bearer(t.adminToken)).expect(200);
    expect(me.body).toEqual({
      kind: 'administrator',
      email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL,
      operator: true,
      organisations: [expect.objectContaining({ siren: DEVELOPMENT_FIRST_ORGANISATION.siren, kind: 'caf', role: 'manager' })],
    });
    const observer = await t.http.get('/auth/me').set(bearer(tokens.epciObserver)).expect(200);
    expect(observer.body).toMatchObject({ operator: false, organisations: [{ siren: epci.siren, name: epci.name, kind: 'epci', role: 'observer' }] });
  });

  it("keeps a campaign to its organisation: another organisation's manager and the operator who is no member get 404, as for no campaign", async () => {
    const { id, res } = await launch(tokens.cafManager);
    expect(res.status).toBe(201);
    for (const who of ['epciManager', 'epciObserver', 'otherManager', 'operatorOnly'] as const) {
      const seen = await t.http.get(`/campaigns/${id}`).set(bearer(tokens[who]));
      expect([who, seen.status, seen.body.message]).toEqual([who, 404, `unknown campaign ${id}`]);
      expect((await t.http.get(`/campaigns/${id}/events`).set(bearer(tokens[who]))).status).toBe(404);
      expect((await t.http.get(`/campaigns/${id}/archive.json`).set(bearer(tokens[who]))).status).toBe(404);
      const list = await t.http.get('/campaigns').set(bearer(tokens[who])).expect(200);
      expect(list.body.campaigns.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    const before = await eventCount(id);
    const write = await t.http.post(`/campaigns/${id}/conference`).set(bearer(tokens.otherManager)).send({ heldOn: '2023-06-13' });
    expect(write.status).toBe(404);
    expect(await eventCount(id)).toBe(before);
    // The same answer as for a campaign that does not exist.
    const none = await t.http.get('/campaigns/no-such-campaign-here').set(bearer(tokens.otherManager));
    expect([none.status, none.body.message]).toEqual([404, 'unknown campaign no-such-campaign-here']);
    const owners = await t.http.get('/campaigns').set(bearer(tokens.cafObserver)).expect(200);
    expect(owners.body.campaigns.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('lets an observer read and download, and refuses every change with 403, recording nothing', async () => {
    const { id } = await launch(tokens.cafManager);
    await t.http.get(`/campaigns/${id}`).set(bearer(tokens.cafObserver)).expect(200);
    await t.http.get(`/campaigns/${id}/signatories`).set(bearer(tokens.cafObserver)).expect(200);
    await t.http.get(`/campaigns/${id}/events.csv`).set(bearer(tokens.cafObserver)).expect(200);
    await t.http.get(`/campaigns/${id}/archive.pdf`).set(bearer(tokens.cafObserver)).expect(200);
    const before = await eventCount(id);
    const refused = [
      await t.http.post(`/campaigns/${id}/conference`).set(bearer(tokens.cafObserver)).send({ heldOn: '2023-06-13' }),
      await t.http.post(`/campaigns/${id}/cancel`).set(bearer(tokens.cafObserver)).send({ reason: 'observer tries' }),
      await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(bearer(tokens.cafObserver)),
      await t.http.put(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.cafObserver)),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(refused[0].body.message).toMatch(/observer reads the campaign .* changes nothing/);
    expect(await eventCount(id)).toBe(before);
    expect((await t.http.get(`/campaigns/${id}/organisations`).set(bearer(tokens.cafObserver)).expect(200)).body.organisations).toHaveLength(1);
  });

  it('shares a campaign with a partner: its manager acts, its observer reads; stopping the share closes it again', async () => {
    const { id } = await launch(tokens.cafManager);
    // Only the owner's managers share it; a partner-to-be cannot invite itself.
    expect((await t.http.put(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.epciManager))).status).toBe(404);
    const shared = await t.http.put(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.cafManager)).expect(200);
    expect(shared.body.organisations).toEqual([
      { siren: DEVELOPMENT_FIRST_ORGANISATION.siren, name: DEVELOPMENT_FIRST_ORGANISATION.name, kind: 'caf', relation: 'owner' },
      { siren: epci.siren, name: epci.name, kind: 'epci', relation: 'partner' },
    ]);
    await t.http.put(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.cafManager)).expect(200);

    await t.http.post(`/campaigns/${id}/conference`).set(bearer(tokens.epciManager)).send({ heldOn: '2023-06-13' }).expect(200);
    const [conference] = await t.dataSource.query(`SELECT actor FROM campaign_event WHERE campaign_id = $1 AND type = 'ConferenceHeld'`, [id]);
    expect(conference.actor).toMatchObject({ kind: 'administrator', id: emails.epciManager });
    await t.http.get(`/campaigns/${id}`).set(bearer(tokens.epciObserver)).expect(200);
    expect((await t.http.post(`/campaigns/${id}/deadline`).set(bearer(tokens.epciObserver)).send({ deliberationDeadline: '2030-01-01T00:00:00Z', reason: 'x' })).status).toBe(403);
    // A partner's manager acts on the campaign but does not decide who holds it.
    expect((await t.http.delete(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.epciManager))).status).toBe(403);
    expect((await t.http.delete(`/campaigns/${id}/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}`).set(bearer(tokens.cafManager))).status).toBe(409);

    // Escalated reminders copy the managers of every organisation holding it (not the observers).
    const copied = await new AdministratorRepository(t.dataSource).forCampaign(id);
    expect(copied).toEqual(expect.arrayContaining([DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, emails.cafManager, emails.epciManager]));
    expect(copied).not.toContain(emails.cafObserver);
    expect(copied).not.toContain(emails.epciObserver);
    expect(copied).not.toContain(emails.otherManager);

    await t.http.delete(`/campaigns/${id}/organisations/${epci.siren}`).set(bearer(tokens.cafManager)).expect(204);
    expect((await t.http.get(`/campaigns/${id}`).set(bearer(tokens.epciManager))).status).toBe(404);
    expect(await new AdministratorRepository(t.dataSource).forCampaign(id)).not.toContain(emails.epciManager);
  });

  it('launches for an organisation the caller manages, names it when they manage several, and keeps an id to its first owner', async () => {
    expect((await launch(tokens.cafObserver)).res.status).toBe(403);
    const notMine = await launch(tokens.cafManager, { organisation: epci.siren });
    expect([notMine.res.status, notMine.res.body.fields]).toEqual([422, [{ field: 'organisation', message: `you are not a manager of the organisation ${epci.siren}` }]]);
    expect((await launch(tokens.cafManager, { organisation: 'x'.repeat(9) })).res.status).toBe(400);
    expect(await eventCount(notMine.id)).toBe(0);

    const both = `${uniqueId('both')}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email: both, password: PASSWORD }).expect(201);
    for (const siren of [epci.siren, other.siren]) await t.http.put(`/organisations/${siren}/members/${both}`).set(bearer(t.adminToken)).send({ role: 'manager' }).expect(200);
    const twoOrgs = (await t.http.post('/auth/login').send({ email: both, password: PASSWORD }).expect(200)).body.accessToken;
    const unnamed = await launch(twoOrgs);
    expect([unnamed.res.status, unnamed.res.body.fields?.[0]?.field]).toEqual([422, 'organisation']);
    const named = await launch(twoOrgs, { organisation: other.siren });
    expect(named.res.status).toBe(201);
    expect((await t.http.get(`/campaigns/${named.id}/organisations`).set(bearer(tokens.otherManager)).expect(200)).body.organisations).toEqual([
      expect.objectContaining({ siren: other.siren, relation: 'owner' }),
    ]);

    // The same body again by its owner is found (200); by another organisation it is refused, and the campaign stays theirs.
    await t.http.post('/campaigns').set(bearer(tokens.otherManager)).send(named.body).expect(200);
    const taken = await t.http.post('/campaigns').set(bearer(tokens.cafManager)).send({ ...named.body, organisation: undefined });
    expect([taken.status, taken.body.message]).toEqual([409, `a campaign with the id ${named.id} exists: choose another id`]);
    expect((await t.http.get(`/campaigns/${named.id}`).set(bearer(tokens.cafManager))).status).toBe(404);
  });

  it('lets an organisation manage its members: a role changed applies at once, a member removed is signed out at once, and the last manager stays', async () => {
    const org = { siren: randomSiren(), name: 'MSA (test)', kind: 'msa' };
    await t.http.post('/organisations').set(bearer(tokens.cafManager)).send(org).expect(403);
    await t.http.post('/organisations').set(bearer(t.adminToken)).send(org).expect(201);
    const duplicate = await t.http.post('/organisations').set(bearer(t.adminToken)).send(org);
    expect([duplicate.status, duplicate.body.fields]).toEqual([409, [{ field: 'siren', message: 'taken' }]]);
    const bad = await t.http.post('/organisations').set(bearer(t.adminToken)).send({ ...org, siren: '123456789', kind: 'mairie' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['kind', 'siren']);

    const boss = `${uniqueId('boss')}@example.org`;
    const clerk = `${uniqueId('clerk')}@example.org`;
    for (const email of [boss, clerk]) await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${org.siren}/members/${boss}`).set(bearer(t.adminToken)).send({ role: 'manager' }).expect(200);
    const bossToken = (await t.http.post('/auth/login').send({ email: boss, password: PASSWORD }).expect(200)).body.accessToken;
    // The organisation's manager takes it from there; other organisations' managers do not see it.
    await t.http.put(`/organisations/${org.siren}/members/${clerk}`).set(bearer(bossToken)).send({ role: 'manager' }).expect(200);
    expect((await t.http.get(`/organisations/${org.siren}`).set(bearer(tokens.otherManager))).status).toBe(404);
    expect((await t.http.put(`/organisations/${org.siren}/members/${clerk}`).set(bearer(tokens.otherManager)).send({ role: 'observer' })).status).toBe(404);
    expect((await t.http.put(`/organisations/${org.siren}/members/nobody-${uniqueId('x')}@example.org`).set(bearer(bossToken)).send({ role: 'observer' })).status).toBe(404);
    expect((await t.http.put(`/organisations/${org.siren}/members/${clerk}`).set(bearer(bossToken)).send({ role: 'owner' })).body.fields).toEqual([
      expect.objectContaining({ field: 'role' }),
    ]);

    const clerkToken = (await t.http.post('/auth/login').send({ email: clerk, password: PASSWORD }).expect(200)).body.accessToken;
    const campaign = await launch(clerkToken);
    expect(campaign.res.status).toBe(201);
    await t.http.put(`/organisations/${org.siren}/members/${clerk}`).set(bearer(bossToken)).send({ role: 'observer' }).expect(200);
    expect((await t.http.post(`/campaigns/${campaign.id}/conference`).set(bearer(clerkToken)).send({ heldOn: '2023-06-13' })).status).toBe(403);
    await t.http.get(`/campaigns/${campaign.id}`).set(bearer(clerkToken)).expect(200);

    await t.http.delete(`/organisations/${org.siren}/members/${clerk}`).set(bearer(bossToken)).expect(204);
    const after = await t.http.get(`/campaigns/${campaign.id}`).set(bearer(clerkToken));
    expect([after.status, after.body.message]).toEqual([401, expect.stringMatching(/no longer opens anything/)]);

    const last = await t.http.delete(`/organisations/${org.siren}/members/${boss}`).set(bearer(bossToken));
    expect([last.status, last.body.message]).toEqual([409, expect.stringMatching(/last manager/)]);
    expect((await t.http.put(`/organisations/${org.siren}/members/${boss}`).set(bearer(bossToken)).send({ role: 'observer' })).status).toBe(409);
    const members = (await t.http.get(`/organisations/${org.siren}`).set(bearer(bossToken)).expect(200)).body.members;
    expect(members).toEqual([expect.objectContaining({ email: boss, role: 'manager' })]);
  });

  it("keeps accounts to the operator: a manager neither lists nor adds accounts", async () => {
    expect((await t.http.get('/administrators').set(bearer(tokens.cafManager))).status).toBe(403);
    expect((await t.http.post('/administrators').set(bearer(tokens.cafManager)).send({ email: `${uniqueId('x')}@example.org`, password: PASSWORD })).status).toBe(403);
    const orgs = await t.http.get('/organisations').set(bearer(t.adminToken)).expect(200);
    expect(orgs.body.organisations).toEqual(expect.arrayContaining([expect.objectContaining({ siren: epci.siren, role: null })]));
    const mine = await t.http.get('/organisations').set(bearer(tokens.epciManager)).expect(200);
    expect(mine.body.organisations).toEqual([{ siren: epci.siren, name: epci.name, kind: 'epci', role: 'manager' }]);
  });
});
