import { addDays, dayInParis, deliberationWorkflowId } from '../libs/domain/src';
import { deliberationSnapshotQuery } from '../libs/temporal/src';
import { CaughtMail, reminderNumber } from '../scripts/dev-stack/mail-catcher';
import { adopted, inSeconds, smallCampaign, uniqueId } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

const ADMIN = 'admin@ctg.example.org';
const numberOf = (mail: CaughtMail) => Number(/n° (\d+)/.exec(mail.subject)?.[1]);
const tokenIn = (mail: CaughtMail) => /deliberation\?token=(sl_[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] as string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reminders to late signatories, by e-mail, on durable timers', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  async function launch(signatories: number, deadlineInSeconds: number, reminderPolicy: object, overrides: Parameters<typeof smallCampaign>[1] = {}) {
    const body = smallCampaign(signatories, { deliberationDeadline: inSeconds(deadlineInSeconds), reminderPolicy: reminderPolicy as never, ...overrides });
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const id = body.id as string;
    return { id, mails: (signatoryId: string) => t.mail.reminders(id, signatoryId) };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('reminds each late body in order, copies the administrators from the escalation step, and stops after its vote', async () => {
    const policy = { before: ['PT5S', 'PT3S'], overdueEvery: 'PT2S', overdueMax: 2, escalateFrom: 3, businessDaysOnly: false };
    const { id, mails } = await launch(4, 8, policy);
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
    expect(epciMails.map((m) => m.cc)).toEqual([[], [], [ADMIN], [ADMIN]]);
    expect(epciMails[0].subject).toMatch(/^Rappel n° 1 : délibération attendue avant le/);
    expect(epciMails[2].subject).toMatch(/^Relance n° 3 : délibération en retard/);
    expect(epciMails[0].text).toContain('Communauté de communes de test');
    expect(epciMails[0].text).toContain('approuvant la convention et autorisant le président à la signer');
    expect(epciMails[0].text).toMatch(/http:\/\/127\.0\.0\.1:3999\/deliberation\?token=sl_[A-Za-z0-9_-]{43}/);
    expect(new Set(t.mail.mails.map((m) => m.messageId)).size).toBe(t.mail.mails.length);

    await pause(3000);
    expect(mails('commune-1')).toHaveLength(1);
    expect(mails('commune-2')).toHaveLength(0);

    // The administrator sees the count per signatory, and every reminder is in the audit trail.
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    expect(byId.epci).toMatchObject({ remindersSent: 4 });
    expect(byId.epci.lastReminderAt).not.toBeNull();
    expect(byId['commune-1']).toMatchObject({ remindersSent: 1, status: 'adopted' });
    expect(byId['commune-2']).toMatchObject({ remindersSent: 0, status: 'scheduled' });
    const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
    const sent = events.filter((e: { type: string }) => e.type === 'ReminderSent');
    expect(sent.filter((e: { data: { signatoryId: string } }) => e.data.signatoryId === 'epci').map((e: { data: { number: number } }) => e.data.number)).toEqual([1, 2, 3, 4]);
    expect(sent.find((e: { data: { number: number; signatoryId: string } }) => e.data.signatoryId === 'epci' && e.data.number === 3).data.cc).toEqual([ADMIN]);
  });

  it("copies the campaign's own administrators on an escalated reminder, never every administrator of the installation", async () => {
    // Another campaign's administrator, present in the same database.
    await t.dataSource.query(`INSERT INTO administrator (email, password_hash) VALUES ('autre-caf@example.org', 'x') ON CONFLICT DO NOTHING`);
    const policy = { before: [], overdueEvery: 'PT1S', overdueMax: 1, escalateFrom: 1, businessDaysOnly: false };
    const named = smallCampaign(1, { deliberationDeadline: inSeconds(2), reminderPolicy: policy, administrators: ['referente@caf.example.org', 'dgs@epci.example.org'] });
    const unnamed = smallCampaign(1, { deliberationDeadline: inSeconds(2), reminderPolicy: policy });
    for (const body of [named, unnamed]) {
      await t.http.post('/campaigns').set(auth()).send(body).expect(201);
      await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    }
    const [namedMail] = await eventually(() => {
      const caught = t.mail.reminders(named.id as string, 'epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    const [unnamedMail] = await eventually(() => {
      const caught = t.mail.reminders(unnamed.id as string, 'epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 20_000);
    expect(namedMail.cc).toEqual(['referente@caf.example.org', 'dgs@epci.example.org']);
    expect(unnamedMail.cc).toEqual([ADMIN]);
  });

  it('follows a deadline extension at once, and stops every reminder when the campaign is cancelled', async () => {
    const policy = { before: ['PT4S'], overdueEvery: 'PT2S', overdueMax: 3, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(2, 6, policy);
    await eventually(() => expect(mails('epci')).toHaveLength(1), 20_000);

    const newDeadline = inSeconds(3600);
    await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: newDeadline }).expect(200);
    const child = t.temporal.workflow.getHandle(deliberationWorkflowId(id, 'epci'));
    await eventually(async () => {
      const snapshot = await child.query(deliberationSnapshotQuery);
      expect(snapshot.deliberationDeadline).toBe(newDeadline);
      // The reminder before the deadline now comes before the new one.
      expect(snapshot.nextReminderAt).toBe(new Date(Date.parse(newDeadline) - 4000).toISOString());
    });
    await pause(8000);
    expect(mails('epci')).toHaveLength(1);

    await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: inSeconds(6) }).expect(200);
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    await eventually(async () => expect((await child.describe()).status.name).toBe('COMPLETED'));
    await pause(9000);
    expect(mails('epci')).toHaveLength(1);
    expect(mails('commune-1')).toHaveLength(1);
  });

  it('neither loses nor repeats a reminder when the worker stops and starts again between two of them', async () => {
    const policy = { before: ['PT6S', 'PT3S'], overdueEvery: 'PT3S', overdueMax: 1, escalateFrom: 9, businessDaysOnly: false };
    const { id, mails } = await launch(1, 9, policy);
    await eventually(() => expect(mails('epci')).toHaveLength(1), 20_000);
    // Between two reminders: once the body's workflow sleeps on the next one's timer. Stopped during
    // the workflow task right after the first, the task times out (10 s), the second slot passes, and
    // only the latest one missed is sent, as after any outage longer than the gap.
    const child = t.temporal.workflow.getHandle(deliberationWorkflowId(id, 'epci'));
    await eventually(async () => {
      const events = (await child.fetchHistory()).events ?? [];
      const sent = events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).lastIndexOf('sendReminder');
      expect(events.slice(sent).some((e) => e.timerStartedEventAttributes)).toBe(true);
    }, 5_000);
    await t.stopWorker();
    await pause(1000);
    await t.startWorker();
    const received = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(3);
      return caught;
    }, 30_000);
    expect(received.map(numberOf)).toEqual([1, 2, 3]);
    await pause(4000);
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
    const opens = async (token: string) => (await t.http.get(`/campaigns/${id}`).set('Authorization', `Bearer ${token}`)).status;
    expect(tokenIn(first)).not.toBe(tokenIn(second));
    expect(await opens(tokenIn(first))).toBe(200);
    expect(await opens(tokenIn(second))).toBe(200);

    const issued = (await t.http.post(`/campaigns/${id}/signatories/epci/link`).set(auth()).expect(201)).body.token;
    expect(await opens(tokenIn(first))).toBe(401);
    expect(await opens(tokenIn(second))).toBe(401);
    expect(await opens(issued)).toBe(200);
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

  it('gives up a reminder the SMTP server refuses for good (5xx), and goes on with the next ones', async () => {
    const refused = `${uniqueId('absent')}@example.org`;
    t.mail.refused.add(refused);
    const policy = { before: ['PT6S', 'PT3S'], overdueEvery: 'PT3S', overdueMax: 0, escalateFrom: 2, businessDaysOnly: false };
    const [epci, commune] = smallCampaign(2).signatories;
    const { id, mails } = await launch(2, 9, policy, { signatories: [{ ...epci, email: refused }, commune] });

    // Reminder 1 reaches nobody; reminder 2 copies the administrators, who then see the address.
    const [escalated] = await eventually(() => {
      const caught = mails('epci');
      expect(caught).toHaveLength(1);
      return caught;
    }, 30_000);
    expect(reminderNumber(escalated)).toBe(2);
    expect(escalated.cc).toEqual([ADMIN]);
    await eventually(() => expect(mails('commune-1').map(reminderNumber)).toEqual([1, 2]), 20_000);
    const child = t.temporal.workflow.getHandle(deliberationWorkflowId(id, 'epci'));
    expect((await child.describe()).status.name).toBe('RUNNING');
    await eventually(async () => {
      const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth())).body.events;
      const sent = events.filter((e: { type: string; data: { signatoryId: string } }) => e.type === 'ReminderSent' && e.data.signatoryId === 'epci');
      expect(sent.map((e: { data: { number: number } }) => e.data.number)).toEqual([2]);
    });
    t.mail.refused.delete(refused);
  });
});
