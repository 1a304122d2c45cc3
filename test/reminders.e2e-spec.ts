import { DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { addDays, campaignWorkflowId, dayInParis } from '@ctg/domain';
import { reminderScheduleQuery } from '@ctg/contracts';
import { CaughtMail, reminderNumber } from '../scripts/dev-stack/mail-catcher';
import { adopted, inSeconds, smallCampaign, uniqueId } from './fixtures/campaigns';
import nodemailer from 'nodemailer';
import { AdministratorRepository, CampaignReadRepository, ReminderOutboxRepository, SignatoryLinkRepository } from '@ctg/persistence';
import type { ReminderRequest } from '@ctg/contracts';
import { createReminderActivities } from '../apps/worker/src/reminder.activities';
import { freePort } from '../scripts/dev-stack/ports';
import { TEST_LINK_SECRET, TestApp, eventually, startTestApp } from './support/test-app';

const ADMIN = 'admin@ctg.example.org';
const numberOf = (mail: CaughtMail) => Number(/n° (\d+)/.exec(mail.subject)?.[1]);
const tokenIn = (mail: CaughtMail) => /deliberation\?token=(sl_[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] as string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The number of an administrators' message, from its Message-ID `<reminder-copy+<campaign>+<signatory>+<n>@…>`. */
const copyNumber = (mail: CaughtMail) => Number(/\+(\d+)@[^>]+>$/.exec(mail.messageId)?.[1]);

describe('reminders to late signatories, by e-mail, on durable timers', () => {
  let t: TestApp;
  let MANAGERS: string[];
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  async function launch(signatories: number, deadlineInSeconds: number, reminderPolicy: object, overrides: Parameters<typeof smallCampaign>[1] = {}) {
    const body = smallCampaign(signatories, { deliberationDeadline: inSeconds(deadlineInSeconds), reminderPolicy: reminderPolicy as never, ...overrides });
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const id = body.id as string;
    return { id, mails: (signatoryId: string) => t.mail.reminders(id, signatoryId), copies: (signatoryId: string) => copiesOf(id, signatoryId) };
  }
  /** The administrators' messages of a signatory's escalated reminders. */
  const copiesOf = (id: string, signatoryId: string) => t.mail.mails.filter((m) => m.messageId.startsWith(`<reminder-copy+${id}+${signatoryId}+`));
  const opens = async (id: string, token: string) => (await t.http.get(`/campaigns/${id}`).set('Authorization', `Bearer ${token}`)).status;

  beforeAll(async () => {
    t = await startTestApp();
    // Escalations copy the active managers of the campaign's organisation: the first one's, which
    // other specs sharing this database may have joined.
    const { members } = (await t.http.get(`/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}`).set(auth()).expect(200)).body;
    MANAGERS = (members as { email: string; role: string; disabled: boolean }[])
      .filter((m) => m.role === 'manager' && !m.disabled)
      .map((m) => m.email)
      .sort();
    expect(MANAGERS).toContain(ADMIN);
  });
  afterAll(async () => t.close());

  it('reminds each late body in order, copies the administrators from the escalation step, and stops after its vote', async () => {
    const policy = { before: ['PT5S', 'PT3S'], overdueEvery: 'PT2S', overdueMax: 2, escalateFrom: 3, businessDaysOnly: false };
    const { id, mails, copies } = await launch(4, 8, policy);
    // Tomorrow in Paris, the product's calendar: reminders may resume only the day after the session.
    // (Today by UTC is already yesterday in Paris between 23:00 and midnight UTC, and reminders went out.)
    const sessionDate = addDays(dayInParis(Date.now()), 1);
    await t.http.put(`/campaigns/${id}/signatories/commune-2/session`).set(auth()).send({ sessionDate }).expect(200);

    await eventually(() => expect(mails('commune-1')).toHaveLength(1), 20_000);
    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);

    const epciMails = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(4);
      return caught;
    }, 30_000);
    expect(epciMails.map(numberOf)).toEqual([1, 2, 3, 4]);
    expect(epciMails.map(reminderNumber)).toEqual([1, 2, 3, 4]);
    expect(epciMails.map((m) => m.cc)).toEqual([[], [], [], []]);
    await eventually(() => expect(copies('epci').map(copyNumber)).toEqual([3, 4]));
    expect(copies('epci').map((m) => m.to)).toEqual([MANAGERS, MANAGERS]);
    expect(epciMails[0].subject).toMatch(/^Rappel n° 1 : délibération attendue avant le/);
    expect(epciMails[2].subject).toMatch(/^Relance n° 3 : délibération en retard/);
    expect(epciMails[0].text).toContain('Communauté de communes de test');
    expect(epciMails[0].text).toContain('approuvant la convention et autorisant le président à la signer');
    expect(epciMails[0].text).toMatch(/http:\/\/127\.0\.0\.1:3999\/deliberation\?token=sl_[A-Za-z0-9_-]{43}/);
    expect(new Set(t.mail.mails.map((m) => m.messageId)).size).toBe(t.mail.mails.length);

    // Nothing more is due to the body that voted, nor to the one whose session is tomorrow before the day after it.
    const schedule = await t.temporal.workflow.getHandle(campaignWorkflowId(id)).query(reminderScheduleQuery);
    expect(schedule).not.toHaveProperty('commune-1');
    expect(schedule).not.toHaveProperty('commune-2');
    expect(mails('commune-1')).toHaveLength(1);
    expect(mails('commune-2')).toHaveLength(0);

    // The administrator sees the count per signatory (once the last e-mail's event is recorded), and every reminder is in the audit trail.
    const byId = await eventually(async () => {
      const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
      const found = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
      expect(found.epci).toMatchObject({ remindersSent: 4 });
      return found;
    });
    expect(byId.epci.lastReminderAt).not.toBeNull();
    expect(byId['commune-1']).toMatchObject({ remindersSent: 1, status: 'adopted' });
    expect(byId['commune-2']).toMatchObject({ remindersSent: 0, status: 'scheduled' });
    const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
    const sent = events.filter((e: { type: string }) => e.type === 'ReminderSent');
    expect(sent.filter((e: { data: { signatoryId: string } }) => e.data.signatoryId === 'epci').map((e: { data: { number: number } }) => e.data.number)).toEqual([1, 2, 3, 4]);
    expect(sent.find((e: { data: { number: number; signatoryId: string } }) => e.data.signatoryId === 'epci' && e.data.number === 3).data.cc).toEqual(MANAGERS);
  });

  it("copies the managers of the campaign's organisation and the addresses named at its launch on an escalated reminder, never every administrator of the installation", async () => {
    // An administrator of no organisation holding the campaigns, present in the same database.
    await t.dataSource.query(`INSERT INTO administrator (email, password_hash) VALUES ('autre-caf@example.org', 'x') ON CONFLICT DO NOTHING`);
    const policy = { before: [], overdueEvery: 'PT1S', overdueMax: 1, escalateFrom: 1, businessDaysOnly: false };
    const named = smallCampaign(1, { deliberationDeadline: inSeconds(2), reminderPolicy: policy, administrators: ['referente@caf.example.org', 'dgs@epci.example.org'] });
    const unnamed = smallCampaign(1, { deliberationDeadline: inSeconds(2), reminderPolicy: policy });
    for (const body of [named, unnamed]) {
      await t.http.post('/campaigns').set(auth()).send(body).expect(201);
      await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    }
    const [namedCopy] = await eventually(() => {
      const caught = copiesOf(named.id as string, 'epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    const [unnamedCopy] = await eventually(() => {
      const caught = copiesOf(unnamed.id as string, 'epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    expect(namedCopy.to).toEqual([...MANAGERS, 'referente@caf.example.org', 'dgs@epci.example.org']);
    expect(unnamedCopy.to).toEqual(MANAGERS);
  });

  it('follows a deadline extension at once, and stops every reminder when the campaign is cancelled', async () => {
    const policy = { before: ['PT4S'], overdueEvery: 'PT2S', overdueMax: 3, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(2, 6, policy);
    await eventually(() => expect(mails('epci')).toHaveLength(1), 20_000);

    const newDeadline = inSeconds(3600);
    await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: newDeadline }).expect(200);
    const campaign = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    // The reminder before the deadline now comes before the new one, for both bodies.
    const before = new Date(Date.parse(newDeadline) - 4000).toISOString();
    expect(await campaign.query(reminderScheduleQuery)).toEqual({ epci: before, 'commune-1': before });
    expect(mails('epci')).toHaveLength(1);

    await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: inSeconds(6) }).expect(200);
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    // The run ends only once no reminder is under way: nothing can go out after it.
    await eventually(async () => expect((await campaign.describe()).status.name).toBe('COMPLETED'));
    expect(mails('epci')).toHaveLength(1);
    expect(mails('commune-1')).toHaveLength(1);
  });

  it('neither loses nor repeats a reminder when the worker stops and starts again between two of them', async () => {
    // The third slot comes 20 s after the deadline: later than the worker's return even on a loaded
    // machine (the campaign's workflow task may wait out its 10 s sticky timeout), so the test sees
    // it sent on its own rather than merged, as « only the latest missed », with the second.
    const policy = { before: ['PT6S', 'PT3S'], overdueEvery: 'PT20S', overdueMax: 1, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(1, 9, policy);
    await eventually(() => expect(mails('epci')).toHaveLength(1), 20_000);
    // Between two reminders: once the first is in the record. Stopped then, the worker may leave the
    // campaign's workflow task to time out (10 s); the second reminder is sent once it is back, on
    // time or late, and the third on its slot.
    await eventually(async () => {
      const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
      expect(events.filter((e: { type: string }) => e.type === 'ReminderSent')).toHaveLength(1);
    }, 5_000);
    await t.stopWorker();
    await pause(1000);
    await t.startWorker();
    const received = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(3);
      return caught;
    }, 45_000);
    expect(received.map(numberOf)).toEqual([1, 2, 3]);
    // No slot left and no send under way: no fourth e-mail, and none sent again.
    const campaign = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    await eventually(async () => {
      expect(await campaign.query(reminderScheduleQuery)).toEqual({});
      expect((await campaign.describe()).raw.pendingActivities ?? []).toEqual([]);
    });
    expect(mails('epci')).toHaveLength(3);
  });

  it("keeps the link of every reminder working until an administrator issues a new one, which closes them all", async () => {
    const policy = { before: ['PT6S', 'PT3S'], overdueEvery: 'PT3S', overdueMax: 0, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(1, 9, policy);
    const [first, second] = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(2);
      return caught;
    }, 30_000);
    expect(tokenIn(first)).not.toBe(tokenIn(second));
    expect(await opens(id, tokenIn(first))).toBe(200);
    expect(await opens(id, tokenIn(second))).toBe(200);

    const issued = (await t.http.post(`/campaigns/${id}/signatories/epci/link`).set(auth()).expect(201)).body.token;
    expect(await opens(id, tokenIn(first))).toBe(401);
    expect(await opens(id, tokenIn(second))).toBe(401);
    expect(await opens(id, issued)).toBe(200);
  });

  it('gives reminders of campaign "a.b" to signatory "c" and of campaign "a" to signatory "b.c" Message-IDs of their own', async () => {
    const policy = { before: ['PT2S'], overdueEvery: 'PT1S', overdueMax: 0, escalateFrom: 9, businessDaysOnly: false };
    const a = uniqueId('ctg-dots');
    const [epci] = smallCampaign(1).signatories;
    const left = await launch(1, 4, policy, { id: `${a}.x` });
    const right = await launch(1, 4, policy, { id: a, signatories: [{ ...epci, id: 'x.epci' }] });
    const [leftMail] = await eventually(() => {
      expect(left.mails('epci')).toHaveLength(1);
      return left.mails('epci');
    }, 20_000);
    const [rightMail] = await eventually(() => {
      expect(right.mails('x.epci')).toHaveLength(1);
      return right.mails('x.epci');
    }, 20_000);
    expect(leftMail.messageId).not.toBe(rightMail.messageId);
    expect([reminderNumber(leftMail), reminderNumber(rightMail)]).toEqual([1, 1]);
    for (const { id, sid } of [{ id: left.id, sid: 'epci' }, { id: right.id, sid: 'x.epci' }]) {
      await eventually(async () => {
        const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
        expect(events.filter((e: { type: string }) => e.type === 'ReminderSent').map((e: { data: { signatoryId: string } }) => e.data.signatoryId)).toEqual([sid]);
      });
    }
  });

  it('gives up a reminder the SMTP server refuses for good (5xx), tells the administrators from the escalation step, and goes on', async () => {
    const refused = `${uniqueId('absent')}@example.org`;
    t.mail.refused.add(refused);
    const policy = { before: ['PT6S', 'PT3S'], overdueEvery: 'PT3S', overdueMax: 0, escalateFrom: 2, businessDaysOnly: false };
    const [epci, commune] = smallCampaign(2).signatories;
    const { id, mails, copies } = await launch(2, 9, policy, { signatories: [{ ...epci, email: refused }, commune] });

    // Reminders 1 and 2 reach nobody; the administrators' message of reminder 2 names the address.
    const [told] = await eventually(() => {
      const caught = copies('epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 30_000);
    expect(copyNumber(told)).toBe(2);
    expect(told.to).toEqual(MANAGERS);
    expect(told.text).toContain(`Le serveur de messagerie a refusé le rappel n° 2 adressé à ${refused} : merci de vérifier cette adresse.`);
    expect(mails('epci')).toHaveLength(0);
    await eventually(() => expect(mails('commune-1').map(reminderNumber)).toEqual([1, 2]), 20_000);
    expect((await t.temporal.workflow.getHandle(campaignWorkflowId(id)).describe()).status.name).toBe('RUNNING');
    await eventually(async () => {
      const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
      const sent = events.filter((e: { type: string }) => e.type === 'ReminderSent').map((e: { data: { signatoryId: string; number: number } }) => e.data);
      expect(sent.map((r: { signatoryId: string; number: number }) => `${r.signatoryId}#${r.number}`)).toEqual(['commune-1#1', 'commune-1#2']);
      // Each refusal is in the record, with the address and the server's answer.
      const refusals = events.filter((e: { type: string }) => e.type === 'ReminderRefused').map((e: { data: { number: number; to: string[]; reason: string } }) => e.data);
      expect(refusals.map((r: { number: number }) => r.number)).toEqual([1, 2]);
      expect(refusals[0]).toMatchObject({ signatoryId: 'epci', to: [refused], reason: expect.stringContaining('550') });
    });
    // And the administrators are told at once, from the first, by a notification of their own.
    await eventually(() =>
      expect(t.mail.to(ADMIN).filter((m) => m.messageId.startsWith('<notification-') && m.subject.includes(`(${refused})`))).toHaveLength(2),
    );
    t.mail.refused.delete(refused);
  });

  it("tells the administrators of an escalated reminder in a message of their own that never holds the secretary's link", async () => {
    const policy = { before: [], overdueEvery: 'PT1S', overdueMax: 1, escalateFrom: 1, businessDaysOnly: false };
    const { id, mails, copies } = await launch(1, 2, policy);
    const [reminder] = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    // The secretary alone receives the reminder, and its link works.
    expect(reminder.to).toEqual(['epci@example.org']);
    expect(reminder.cc).toEqual([]);
    expect(reminder.text).toContain('Les administrateurs de la campagne sont informés de cette relance.');
    expect(await opens(id, tokenIn(reminder))).toBe(200);

    const [copy] = await eventually(() => {
      const caught = copies('epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    expect(copy.messageId).toBe(`<reminder-copy+${id}+epci+1@test.example.org>`);
    expect(copy.to).toEqual(MANAGERS);
    expect(copy.subject).toBe('Pour information — Relance n° 1 à Communauté de communes de test : délibération en retard — Convention de test');
    expect(copy.text).toContain('Nous avons envoyé la relance n° 1 à epci@example.org, avec le lien personnel de son secrétariat.');
    expect(copy.text).toContain(`http://127.0.0.1:3999/campagnes/${id}\n`);
    // Nothing an administrator received about this campaign holds a link to vote with.
    const toAdministrators = t.mail.mails.filter((m) => [...m.to, ...m.cc].includes(ADMIN) && m.messageId.includes(`+${id}+`));
    expect(toAdministrators).toHaveLength(1);
    for (const mail of toAdministrators) expect(mail.text).not.toMatch(/token=|sl_/);
    // The record says who was told: the secretary, and the administrators.
    await eventually(async () => {
      const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
      expect(events.filter((e: { type: string }) => e.type === 'ReminderSent').map((e: { data: object }) => e.data)).toEqual([
        expect.objectContaining({ signatoryId: 'epci', number: 1, to: ['epci@example.org'], cc: MANAGERS, messageId: reminder.messageId }),
      ]);
    });
  });

  it('sends nothing after the vote that came while the send was failing, once the SMTP server answers again', async () => {
    const mailbox = `${uniqueId('mairie')}@example.org`;
    t.mail.deferred.add(mailbox);
    const policy = { before: [], overdueEvery: 'PT1S', overdueMax: 1, escalateFrom: 9, businessDaysOnly: false };
    const [epci] = smallCampaign(1).signatories;
    const { id, mails } = await launch(1, 2, policy, { signatories: [{ ...epci, email: mailbox }] });

    // The reminder is due; the SMTP server answers "451, try again later", so the send is retried.
    await eventually(() => expect(t.mail.deferrals).toContain(mailbox), 20_000);
    await t.http.put(`/campaigns/${id}/signatories/epci/deliberation`).set(auth()).send(adopted()).expect(200);
    t.mail.deferred.delete(mailbox);

    // The next attempt finds the vote in the record and ends without sending.
    const campaign = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    await eventually(async () => expect((await campaign.describe()).raw.pendingActivities ?? []).toHaveLength(0), 30_000);
    expect(mails('epci')).toHaveLength(0);
    expect(t.mail.to(mailbox)).toHaveLength(0);
    const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
    expect(events.filter((e: { type: string }) => e.type === 'ReminderSent')).toEqual([]);
    const [row] = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(row).toMatchObject({ status: 'adopted', remindersSent: 0, lastReminderAt: null });
  });

  it('sends again and records a reminder whose attempt stopped after claiming it, even once the body voted; gives back the claim of an attempt the SMTP server never took', async () => {
    const quiet = { before: [], overdueEvery: 'P30D', overdueMax: 0, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(3, 3600, quiet);
    const activities = (smtpUrl: string) =>
      createReminderActivities({
        outbox: new ReminderOutboxRepository(t.dataSource),
        links: new SignatoryLinkRepository(t.dataSource),
        administrators: new AdministratorRepository(t.dataSource),
        campaigns: new CampaignReadRepository(t.dataSource),
        transport: nodemailer.createTransport(smtpUrl),
        settings: { publicUrl: 'http://127.0.0.1:3999', mailFrom: 'ctg@test.example.org', linkTtlMs: 86_400_000, messageIdDomain: 'test.example.org', linkSecret: TEST_LINK_SECRET },
      });
    const request = (sid: string): ReminderRequest => ({
      campaignId: id,
      campaignTitle: 'Convention de test',
      signatory: { id: sid, name: sid, kind: 'commune', email: `${sid}@example.org` },
      number: 1,
      escalated: false,
      overdue: false,
      deliberationDeadline: inSeconds(3600),
    });
    const outbox = new ReminderOutboxRepository(t.dataSource);

    // An attempt claimed commune-1's reminder, the SMTP server took it, the worker died before marking it.
    await outbox.claim({ campaignId: id, signatoryId: 'commune-1', number: 1, messageId: `<reminder+${id}+commune-1+1@test.example.org>`, recipients: ['commune-1@example.org'], copies: [] });
    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);
    const retried = await activities(`smtp://127.0.0.1:${t.mail.port}`).sendReminder(request('commune-1'));
    expect(retried).toMatchObject({ messageId: `<reminder+${id}+commune-1+1@test.example.org>`, to: ['commune-1@example.org'] });
    await eventually(() => expect(mails('commune-1')).toHaveLength(1));

    // An SMTP server that refuses the connection took nothing: the claim is given back, and the retry
    // after the body's vote sends nothing.
    const closed = `smtp://127.0.0.1:${await freePort()}`;
    await expect(activities(closed).sendReminder(request('commune-2'))).rejects.toThrow();
    expect(await outbox.find({ campaignId: id, signatoryId: 'commune-2', number: 1 })).toBeUndefined();
    await t.http.put(`/campaigns/${id}/signatories/commune-2/deliberation`).set(auth()).send(adopted()).expect(200);
    expect(await activities(`smtp://127.0.0.1:${t.mail.port}`).sendReminder(request('commune-2'))).toEqual({ skipped: true, reason: 'decided' });
    expect(mails('commune-2')).toHaveLength(0);
  });
});
