import { WEEKLY_DIGEST_WORKFLOW, WeeklyDigestReport } from '@ctg/contracts';
import { dayInParis, nextDigestAt } from '@ctg/domain';
import { ensureWeeklyDigestSchedule, weeklyDigestScheduleId } from '../apps/worker/src/weekly-digest-schedule';
import { randomSiren, rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The weekly digest (issue 19, item 2): Monday 09:00 in Paris (the next business day after a
 * holiday Monday), per administrator and campaign what happened, who is late, what blocks; once a
 * week whatever the runs; none for an administrator whose campaigns saw nothing.
 */

const PASSWORD = 'a-long-enough-password';

describe('the weekly digest', () => {
  let t: TestApp;
  const operator = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  let taskQueue: string;

  async function member(siren: string, role: 'manager' | 'observer'): Promise<{ email: string; token: string }> {
    const email = `${uniqueId(role)}@digest.example.org`;
    await t.http.post('/administrators').set(operator()).send({ email, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${siren}/members/${email}`).set(operator()).send({ role }).expect(200);
    return { email, token: (await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200)).body.accessToken };
  }
  const runDigest = (asOf: number) =>
    t.temporal.workflow.execute(WEEKLY_DIGEST_WORKFLOW, {
      taskQueue,
      workflowId: uniqueId('weekly-digest-test'),
      args: [{ asOf: new Date(asOf).toISOString() }],
    }) as Promise<WeeklyDigestReport>;

  beforeAll(async () => {
    t = await startTestApp();
    taskQueue = t.taskQueue;
  });
  afterAll(async () => t?.close());

  it('sends each administrator of a campaign their digest on Monday at 09:00, once, with what happened, who is late and what blocks', async () => {
    const organisation = { siren: randomSiren(), name: `CC ${uniqueId('digest')}`, kind: 'epci' };
    await t.http.post('/organisations').set(operator()).send(organisation).expect(201);
    const manager = await member(organisation.siren, 'manager');
    const unsubscribed = await member(organisation.siren, 'observer');
    await t.http.put('/notifications/preferences').set(bearer(unsubscribed.token)).send({ preferences: { weekly_digest: { email: false, inApp: false } } }).expect(200);
    const quietOrganisation = { siren: randomSiren(), name: `CC ${uniqueId('calme')}`, kind: 'epci' };
    await t.http.post('/organisations').set(operator()).send(quietOrganisation).expect(201);
    const quiet = await member(quietOrganisation.siren, 'manager');

    const campaign = smallCampaign(4, { title: uniqueId('Convention du récapitulatif'), organisation: organisation.siren } as never);
    await t.http.post('/campaigns').set(bearer(manager.token)).send(campaign).expect(201);
    const id = campaign.id as string;
    await t.http.post(`/campaigns/${id}/conference`).set(bearer(manager.token)).send({ heldOn: '2023-06-13' }).expect(200);
    await t.http.put(`/campaigns/${id}/signatories/commune-1/session`).set(bearer(manager.token)).send({ sessionDate: dayInParis(Date.now() + 86_400_000) }).expect(200);
    await t.http.put(`/campaigns/${id}/signatories/epci/deliberation`).set(bearer(manager.token)).send(rejected()).expect(200);

    // Before Monday 09:00, the run sends nothing.
    const monday = nextDigestAt(Date.now());
    const early = await runDigest(monday - 60_000);
    expect(early).toMatchObject({ due: false, sent: 0 });

    const report = await runDigest(monday);
    expect(report).toMatchObject({ due: true, week: dayInParis(monday) });
    const digestsTo = (email: string) => t.mail.to(email).filter((m) => m.messageId.startsWith('<digest-'));
    const digests = () => digestsTo(manager.email);
    expect(digests()).toHaveLength(1);
    const [digest] = digests();
    expect(digest.subject).toBe('Récapitulatif de la semaine : 1 campagne, 1 bloquée');
    expect(digest.text).toContain(`■ ${campaign.title}`);
    expect(digest.text).toContain('Délibérations en cours, 0 adoption sur 4 organismes.');
    expect(digest.text).toMatch(/Cette semaine : campagne lancée, conférence des maires tenue, 1 séance annoncée, 1 rejet\./);
    expect(digest.text).toContain('Attendus avant le');
    expect(digest.text).toContain(': Commune 1, Commune 2, Commune 3.');
    expect(digest.text).toContain('Bloque la signature (a rejeté, signataire obligatoire) : Communauté de communes de test.');
    expect(digest.text).toContain(`http://127.0.0.1:3999/campagnes/${encodeURIComponent(id)}`);
    expect(digest.html).toContain(`<a href="http://127.0.0.1:3999/campagnes/${encodeURIComponent(id)}">${campaign.title}</a>`);
    expect(digest.html).toContain('<li>Bloque la signature (a rejeté, signataire obligatoire) : Communauté de communes de test.</li>');
    // Nobody whose campaigns were quiet, nobody who turned it off.
    expect(digestsTo(quiet.email)).toEqual([]);
    expect(digestsTo(unsubscribed.email)).toEqual([]);

    // The Tuesday run of the same week, or the same run again, sends it no second time.
    const again = await runDigest(monday + 86_400_000);
    expect(again.sent).toBe(0);
    expect(digests()).toHaveLength(1);
  });

  it('schedules the runs every weekday at 09:00 in Paris, once whatever the workers that start', async () => {
    const queue = uniqueId('digest-queue');
    expect(await ensureWeeklyDigestSchedule(t.temporal, queue)).toBe('created');
    expect(await ensureWeeklyDigestSchedule(t.temporal, queue)).toBe('exists');
    const schedule = t.temporal.schedule.getHandle(weeklyDigestScheduleId(queue));
    try {
      const described = await schedule.describe();
      expect(described.spec.timezone).toBe('Europe/Paris');
      expect(described.spec.calendars).toEqual([
        expect.objectContaining({
          hour: [{ start: 9, end: 9, step: 1 }],
          minute: [{ start: 0, end: 0, step: 1 }],
          dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((day) => ({ start: day, end: day, step: 1 })),
        }),
      ]);
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: WEEKLY_DIGEST_WORKFLOW, taskQueue: queue });
      const next = described.info.nextActionTimes[0];
      expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('09:00');
    } finally {
      await schedule.delete();
    }
  });
});
