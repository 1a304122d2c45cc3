import { keepHistory } from './support/recorded-history';
import nodemailer from 'nodemailer';
import { createPersonalLinkActivities } from '../apps/worker/src/personal-link.activities';
import { checkConsistency, PersonalLinkOutboxRepository, SignatoryLinkRepository } from '@ctg/persistence';
import { CaughtMail } from '../scripts/dev-stack/mail-catcher';
import { liveState } from '../scripts/record/record-commands';
import { campaignWorkflowId } from '@ctg/domain';
import type { PersonalLinkRequest } from '@ctg/contracts';
import { adopted, smallCampaign, uniqueId } from './fixtures/campaigns';
import { TEST_LINK_SECRET, TestApp, eventually, startTestApp } from './support/test-app';

const S = 'commune-1';
const LINK = /http:\/\/127\.0\.0\.1:3999\/deliberation\?token=(sl_[A-Za-z0-9_-]{43})/;
const tokenIn = (mail: CaughtMail) => decodeURIComponent(LINK.exec(mail.text)?.[1] ?? '');

/** POST …/link/send: an administrator has a secretary's personal link e-mailed, through the campaign workflow. */
describe('sending a personal link by e-mail', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const send = (id: string, sid = S) => t.http.post(`/campaigns/${id}/signatories/${sid}/link/send`).set(auth());
  const linkEvents = async (id: string) =>
    ((await t.http.get(`/campaigns/${id}/events`).set(auth()).expect(200)).body.events as { seq: number; type: string; data: { signatoryId: string } }[]).filter(
      (e) => e.type === 'PersonalLinkSent',
    );
  const mailsOf = (id: string, sid = S) => t.mail.mails.filter((m) => m.messageId.startsWith(`<personal-link+${id}+${sid}+`));
  const eventCount = async (id: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1`, [id]))[0].n as number;

  async function launch(conference = true): Promise<{ id: string; title: string }> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    if (conference) await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    return { id: body.id as string, title: body.title };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers 202, records one PersonalLinkSent, and e-mails a working link in French; the link copied before stops working', async () => {
    const { id, title } = await launch(false);
    const copied = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(auth()).expect(201)).body.token as string;

    const answer = await send(id).expect(202);
    expect(answer.body).toEqual({ sentTo: ['mairie-1@example.org'], expiresAt: expect.any(String) });
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(119 * 86_400_000);
    const [event] = await linkEvents(id);
    expect(event).toMatchObject({ type: 'PersonalLinkSent', data: { signatoryId: S, to: ['mairie-1@example.org'], expiresAt: answer.body.expiresAt } });

    const [mail] = await eventually(() => {
      const caught = mailsOf(id);
      expect(caught).toHaveLength(1);
      return caught;
    });
    expect(mail.messageId).toBe(`<personal-link+${id}+${S}+${event.seq}@test.example.org>`);
    expect(mail.to).toEqual(['mairie-1@example.org']);
    expect(mail.subject).toBe(`Votre lien personnel pour la délibération de Commune 1 — ${title}`);
    expect(mail.text).toContain(`Dans le cadre de la ${title}, la délibération de Commune 1 est attendue.`);
    expect(mail.text).toContain('approuvant la convention et autorisant le maire à la signer');
    expect(mail.text).toMatch(/Date limite : \w+ \d{1,2} \S+ \d{4} à \d{2}:\d{2}\./);

    // The e-mailed link opens this signatory's page; the link issued earlier no longer does.
    const token = tokenIn(mail);
    const me = await t.http.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'secretary', campaignId: id, signatory: { id: S } });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${copied}`).expect(401);
    const [link] = await t.dataSource.query(`SELECT issued_by, expires_at FROM signatory_link WHERE campaign_id = $1 AND revoked_at IS NULL`, [id]);
    expect(link.issued_by).toBe('admin@ctg.example.org');
    expect(new Date(link.expires_at).toISOString()).toBe(answer.body.expiresAt);

    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows.find((r: { id: string }) => r.id === S).lastLinkSentAt).toEqual(expect.any(String));
    expect(rows.find((r: { id: string }) => r.id === 'commune-2').lastLinkSentAt).toBeNull();
    // The token is never written into the record: only the activity sees it.
    const [raw] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE data::text LIKE $1`, [`%${token}%`]);
    expect(raw.n).toBe(0);
  });

  it('records one event and sends one e-mail per request; each new link revokes the one before', async () => {
    const { id } = await launch();
    await send(id).expect(202);
    await send(id).expect(202);
    const events = await linkEvents(id);
    expect(events).toHaveLength(2);
    const mails = await eventually(() => {
      const caught = mailsOf(id);
      expect(caught).toHaveLength(2);
      return caught;
    });
    expect(mails.map((m) => m.messageId)).toEqual(events.map((e) => `<personal-link+${id}+${S}+${e.seq}@test.example.org>`));
    await t.http.get('/auth/me').set('Authorization', `Bearer ${tokenIn(mails[0])}`).expect(401);
    const latest = tokenIn(mails[1]);
    await t.http.put(`/campaigns/${id}/signatories/${S}/deliberation`).set('Authorization', `Bearer ${latest}`).send(adopted()).expect(200);
    // The deliberation workflows took no notice, and the three sources of the campaign agree.
    expect((await checkConsistency(t.dataSource, id, await liveState(t.temporal, id))).disagreements).toEqual([]);

    await keepHistory('campaign-personal-links-sent.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
  });

  it('answers 404 for an unknown campaign or signatory, 409 once cancelled, 401/403 to others, and then records nothing', async () => {
    const { id } = await launch();
    const before = await eventCount(id);
    expect((await t.http.post(`/campaigns/no-such-campaign/signatories/${S}/link/send`).set(auth()).expect(404)).body).toMatchObject({ statusCode: 404 });
    await send(id, 'no-such-body').expect(404);
    await t.http.post(`/campaigns/${id}/signatories/${S}/link/send`).expect(401);
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(auth()).expect(201)).body.token;
    await t.http.post(`/campaigns/${id}/signatories/${S}/link/send`).set('Authorization', `Bearer ${secretary}`).expect(403);
    expect(await eventCount(id)).toBe(before);

    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    const cancelled = await eventCount(id);
    const refused = await send(id).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, message: 'the campaign is cancelled: no link can be issued' });
    expect(await eventCount(id)).toBe(cancelled);
    expect(mailsOf(id)).toHaveLength(0);
  });

  it('lets an address the SMTP server refuses for good hold up neither the other links nor the end of the campaign', async () => {
    const body = smallCampaign(3);
    const refused = `${uniqueId('absent')}@example.org`;
    body.signatories[1].email = refused;
    t.mail.refused.add(refused);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await send(id).expect(202);
    const [row] = await eventually(async () => {
      const rows = await t.dataSource.query(`SELECT status, attempts FROM personal_link_outbox WHERE campaign_id = $1`, [id]);
      expect(rows).toHaveLength(1);
      return rows;
    });
    await send(id, 'commune-2').expect(202);
    await eventually(() => expect(mailsOf(id, 'commune-2')).toHaveLength(1));
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    const handle = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    expect(mailsOf(id)).toHaveLength(0);
    // Refused once, not retried: the row stays unsent, as the record of an e-mail that never went out.
    expect(row).toEqual({ status: 'sending', attempts: 1 });
    t.mail.refused.delete(refused);
  });

  it('sends again under the same Message-ID only when an attempt died between the send and its record', async () => {
    const { id, title } = await launch();
    await send(id).expect(202);
    const [event] = await linkEvents(id);
    await eventually(() => expect(mailsOf(id)).toHaveLength(1));

    // The activity as the worker runs it, retried with the request the workflow gave it.
    const activities = createPersonalLinkActivities({
      outbox: new PersonalLinkOutboxRepository(t.dataSource),
      links: new SignatoryLinkRepository(t.dataSource),
      transport: nodemailer.createTransport(`smtp://127.0.0.1:${t.mail.port}`),
      settings: { publicUrl: 'http://127.0.0.1:3999', mailFrom: 'ctg@test.example.org', messageIdDomain: 'test.example.org', linkSecret: TEST_LINK_SECRET },
    });
    const request: PersonalLinkRequest = {
      campaignId: id,
      campaignTitle: title,
      signatory: { id: S, name: 'Commune 1', kind: 'commune', email: 'mairie-1@example.org' },
      seq: event.seq,
      expiresAt: (event.data as unknown as { expiresAt: string }).expiresAt,
      deliberationDeadline: new Date(Date.now() + 86_400_000).toISOString(),
      issuedBy: 'admin@ctg.example.org',
    };
    const messageId = `<personal-link+${id}+${S}+${event.seq}@test.example.org>`;
    const retried = await activities.sendPersonalLink(request);
    expect(retried).toMatchObject({ messageId, to: ['mairie-1@example.org'] });
    expect(mailsOf(id)).toHaveLength(1);

    // The one window left: the SMTP server took the e-mail, the attempt died before marking it sent.
    await t.dataSource.query(`UPDATE personal_link_outbox SET status = 'sending', sent_at = NULL WHERE campaign_id = $1 AND seq = $2`, [id, event.seq]);
    await activities.sendPersonalLink(request);
    const mails = await eventually(() => {
      const caught = mailsOf(id);
      expect(caught).toHaveLength(2);
      return caught;
    });
    expect(mails.map((m) => m.messageId)).toEqual([messageId, messageId]);
    const [row] = await t.dataSource.query(`SELECT status, attempts FROM personal_link_outbox WHERE campaign_id = $1 AND seq = $2`, [id, event.seq]);
    expect(row).toEqual({ status: 'sent', attempts: 3 });
    // The re-sent copy holds the link of the first, still valid: whichever the mail client shows works.
    expect(tokenIn(mails[1])).toBe(tokenIn(mails[0]));
    await t.http.get('/auth/me').set('Authorization', `Bearer ${tokenIn(mails[0])}`).expect(200);
  });

  it('sends the very same working link again when the SMTP server took the e-mail but its answer was lost, and revokes nothing more', async () => {
    const body = smallCampaign(3);
    const mailbox = `${uniqueId('mairie')}@example.org`;
    body.signatories[1].email = mailbox;
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    const copied = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(auth()).expect(201)).body.token as string;
    // The first copy is delivered, yet the worker hears "451, try again later" and retries.
    t.mail.keptButDeferred.set(mailbox, 1);
    await send(id).expect(202);

    const [first, retried] = await eventually(() => {
      const caught = mailsOf(id);
      expect(caught).toHaveLength(2);
      return caught;
    }, 30_000);
    expect(retried.messageId).toBe(first.messageId);
    expect(tokenIn(first)).toMatch(/^sl_/);
    expect(tokenIn(retried)).toBe(tokenIn(first));
    const me = await t.http.get('/auth/me').set('Authorization', `Bearer ${tokenIn(first)}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'secretary', campaignId: id, signatory: { id: S } });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${copied}`).expect(401);
    const [row] = await t.dataSource.query(`SELECT status, attempts FROM personal_link_outbox WHERE campaign_id = $1`, [id]);
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    // One link for the event: the link copied before, revoked, and the e-mailed one, valid.
    const links = await t.dataSource.query(
      `SELECT revoked_at IS NULL AS valid FROM signatory_link WHERE campaign_id = $1 AND signatory_id = $2 ORDER BY issued_at`,
      [id, S],
    );
    expect(links).toEqual([{ valid: false }, { valid: true }]);
  });
});
