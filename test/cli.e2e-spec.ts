import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { freePort } from '../scripts/dev-stack/ports';
import { adopted, inSeconds, uniqueId } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = join(__dirname, '..');
const FAYENCE = '200004802'; // Communauté de communes du Pays de Fayence (Var), 9 communes

describe('the command line, against a running API', () => {
  let t: TestApp;
  let api: string;
  const dir = mkdtempSync(join(tmpdir(), 'ctg-cli-'));
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  /** `npm run -s cli -- …`, as a person types it; asynchronous, since the API answers from this process. */
  function cli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          CTG_API_URL: api,
          CTG_ADMIN_EMAIL: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL,
          CTG_ADMIN_PASSWORD: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD,
          ...options.env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.stdin ?? '');
    });
  }

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => t.close());

  it('creates a campaign from an EPCI other than the Terres du Lauragais and shows it in the list', async () => {
    const preview = await cli(['territories', 'preview', FAYENCE, '--caf', '--departement', '--csv']);
    expect(preview).toMatchObject({ code: 0, stderr: '' });
    const lines = preview.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,kind,name,insee_code,siren,siret,population,postal_code,required,email');
    expect(lines).toHaveLength(1 + 1 + 9 + 2);
    const communes = lines.slice(1).filter((line) => line.split(',')[1] === 'commune').map((line) => line.split(',')[0]);
    const emails = file('fayence-emails.csv', `id,email\n${communes.map((id) => `${id},mairie-${id}@example.org`).join('\n')}\n`);

    const id = uniqueId('ctg-fayence');
    const created = await cli([
      'campaigns', 'create', '--epci', FAYENCE, '--id', id, '--deadline', '2026-12-18', '--conference-date', '2026-06-02',
      '--epci-email', 'ctg@cc-fayence.example.org', '--caf-email', 'ctg@caf83.example.org',
      '--departement-email', 'ctg@cd83.example.org', '--emails-csv', emails,
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Campaign ${id} created (awaiting_conference)`);
    expect(created.stdout).toContain('Communauté de communes du Pays de Fayence (SIREN 200004802)');
    expect(created.stdout).toContain('signatories  12 (2 required: 200004802, caf83)');
    expect(created.stdout).toContain('deadline     2026-12-18T23:59:59+01:00');

    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows.map((r: { id: string }) => r.id)).toEqual([FAYENCE, ...communes, 'caf83', 'cd83']);
    expect(rows.find((r: { kind: string }) => r.kind === 'caf')).toMatchObject({ name: 'Caisse d’allocations familiales du Var', email: 'ctg@caf83.example.org', required: true });

    const listed = await cli(['campaigns', 'list']);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split('\n').find((line) => line.includes(id)) as string;
    expect(row.split('│').map((cell) => cell.trim())).toEqual(['', id, 'awaiting_conference', '0/12', '0', '2026-12-18T23:59:59+01:00', '']);
    const asJson = await cli(['--json', 'campaigns', 'list']);
    expect(JSON.parse(asJson.stdout).find((c: { id: string }) => c.id === id)).toMatchObject({ phase: 'awaiting_conference', counts: { total: 12, adopted: 0 }, late: 0 });

    const again = await cli(['campaigns', 'create', '--epci', FAYENCE, '--id', id, '--deadline', '2026-12-18', '--conference-date', '2026-06-02',
      '--epci-email', 'ctg@cc-fayence.example.org', '--caf-email', 'ctg@caf83.example.org', '--departement-email', 'ctg@cd83.example.org', '--emails-csv', emails]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('already exists with this definition: nothing changed');

    const conference = await cli(['conference', id, '--held-on', '2023-06-13']);
    expect(conference.code).toBe(0);
    expect(conference.stdout).toContain(`Conference of 2023-06-13 recorded for ${id}: phase deliberating`);

    const trail = await cli(['events', 'export', id]);
    expect(trail.code).toBe(0);
    expect(JSON.parse(trail.stdout).map((e: { type: string }) => e.type)).toEqual(['CampaignLaunched', 'ConferenceHeld']);
    const csv = await cli(['events', 'export', id, '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('seq,type,occurredAt,actorKind,actorId,actorIp,data');
  });

  it('refuses a CSV with problems whole: exit 1, every bad line on stderr, no campaign', async () => {
    const before = (await t.http.get('/campaigns').set(auth()).expect(200)).body.campaigns.length;
    const bad = file('bad.csv', [
      'id,kind,name,insee_code,siren,population,postal_code,required,email',
      '200004802,epci,Communauté de communes du Pays de Fayence,,200004802,,,true,ctg@example.org',
      '83055,commune,Fayence,83055,,,,false,mairie@example.org',
      '83055,commune,Fayence encore,83055,,,,false,mairie-2@example.org',
      '83086,commune,Montauroux,83086,,,,false,mairie@',
      '83135,commune,,83135,,,,false,mairie-83135@example.org',
      '83048,prefecture,Callian,83048,,,,false,mairie-83048@example.org',
    ].join('\n'));
    const run = await cli(['campaigns', 'create', '--csv', bad, '--deadline', '2026-12-18']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `error: ${bad}: 4 problems; no campaign was created`,
        '  line 4: id: duplicated id 83055 (first on line 3)',
        '  line 5: email: "mairie@" is not an e-mail address',
        '  line 6: name: missing name',
        '  line 7: kind: unknown kind "prefecture": use one of epci, commune, caf, departement, msa, other',
        '',
      ].join('\n'),
    );
    expect((await t.http.get('/campaigns').set(auth()).expect(200)).body.campaigns).toHaveLength(before);
  });

  it('exits non-zero with a clear message: missing e-mails, wrong password, unreachable API, usage', async () => {
    const missing = await cli(['campaigns', 'create', '--epci', FAYENCE, '--deadline', '2026-12-18', '--caf-email', 'ctg@caf83.example.org']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: 10 signatories have no e-mail address; no campaign was created/);
    expect(missing.stderr).toContain('  200004802 Communauté de communes du Pays de Fayence (epci)');

    const dry = await cli(['campaigns', 'create', '--epci', FAYENCE, '--deadline', '2026-12-18', '--caf-email', 'ctg@caf83.example.org',
      '--email-template', 'ctg-{id}@example.org', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      id: 'ctg-pays-de-fayence-2026',
      title: 'Convention Territoriale Globale — Communauté de communes du Pays de Fayence',
      territory: { name: 'Communauté de communes du Pays de Fayence', siren: FAYENCE },
      deliberationDeadline: '2026-12-18T23:59:59+01:00',
      signatories: expect.arrayContaining([
        { id: '83055', kind: 'commune', name: 'Fayence', email: 'ctg-83055@example.org', required: false },
        { id: 'caf83', kind: 'caf', name: 'Caisse d’allocations familiales du Var', email: 'ctg@caf83.example.org', required: true },
      ]),
    });
    expect((await t.http.get('/campaigns/ctg-pays-de-fayence-2026').set(auth())).status).toBe(404);

    const unknown = await cli(['campaigns', 'create', '--epci', '100000009', '--deadline', '2026-12-18']);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('answered 404: no EPCI with SIREN 100000009');

    const wrong = await cli(['campaigns', 'list'], { env: { CTG_ADMIN_PASSWORD: 'not-the-password' } });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toBe(`error: login refused for ${DEVELOPMENT_DEFAULTS.ADMIN_EMAIL} at ${api}: unknown e-mail or wrong password\n`);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(['campaigns', 'list', '--json'], { env: { CTG_API_URL: closed } });
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr).error.message).toBe(`cannot reach the API at ${closed} (ECONNREFUSED): is it running? Set --api or CTG_API_URL`);

    const usage = await cli(['campaigns', 'create', '--epci', FAYENCE]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--deadline <date>' not specified");
  });

  it('lists the late signatories once the deadline has passed', async () => {
    const signatories = file('small.csv', [
      'id,kind,name,required,email',
      'epci-test,epci,Communauté de communes de test,true,epci@example.org',
      'commune-1,commune,Commune 1,false,mairie-1@example.org',
      'commune-2,commune,Commune 2,false,mairie-2@example.org',
    ].join('\n'));
    const id = uniqueId('ctg-late');
    // Far enough for the first `late` to come before it however slow the machine; then brought forward.
    const deadline = inSeconds(600).replace(/\.\d+Z$/, 'Z');
    const created = await cli(['--json', 'campaigns', 'create', '--csv', signatories, '--id', id, '--deadline', deadline]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ created: true, id, territory: { name: 'Communauté de communes de test' } });
    await cli(['conference', id, '--held-on', '2023-06-13']);
    await t.http.put(`/campaigns/${id}/signatories/epci-test/deliberation`).set(auth()).send(adopted()).expect(200);

    const early = await cli(['late', id]);
    expect(early).toMatchObject({ code: 0, stdout: '' });
    expect(early.stderr).toMatch(/has not passed; 2 signatories have not decided yet/);

    await t.http.post(`/campaigns/${id}/deadline`).set(auth()).send({ deliberationDeadline: inSeconds(1) }).expect(200);
    await eventually(async () => {
      const campaign = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
      expect(campaign.deadlinePassed).toBe(true);
    });
    const late = await cli(['late', id]);
    expect(late.code).toBe(0);
    const lateRows = late.stdout.split('\n').filter((line) => line.includes('commune-'));
    expect(lateRows.map((line) => line.split('│')[1].trim())).toEqual(['commune-1', 'commune-2']);
    expect(late.stderr).toContain(`2 late signatories in ${id}`);
    const listed = JSON.parse((await cli(['--json', 'campaigns', 'list'])).stdout);
    expect(listed.find((c: { id: string }) => c.id === id).late).toBe(2);
  });

  it('adds an administrator in PostgreSQL, who can then log in', async () => {
    const env = { DATABASE_URL: process.env.TEST_DATABASE_URL as string };
    const email = `${uniqueId('admin')}@example.org`;
    const password = 'a-long-enough-password';
    const added = await cli(['admins', 'add', email, '--password-stdin'], { env, stdin: `${password}\n` });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe(`Administrator ${email} added: they can log in now.\n`);
    await t.http.post('/auth/login').send({ email, password }).expect(200);
    const listed = await cli(['campaigns', 'list'], { env: { CTG_ADMIN_EMAIL: email, CTG_ADMIN_PASSWORD: password } });
    expect(listed.code).toBe(0);

    const twice = await cli(['admins', 'add', email, '--password-stdin'], { env, stdin: 'another-long-password' });
    expect(twice).toMatchObject({ code: 1, stderr: `error: an administrator ${email} already exists; nothing changed\n` });
    const short = await cli(['admins', 'add', `other-${email}`, '--password-stdin'], { env, stdin: 'short' });
    expect(short).toMatchObject({ code: 1, stderr: 'error: the password must be at least 12 characters; nothing changed\n' });
    const noDatabase = await cli(['admins', 'add', `other-${email}`, '--password-stdin'], { env: { DATABASE_URL: '' }, stdin: password });
    expect(noDatabase.stderr).toMatch(/set DATABASE_URL/);
    await t.http.post('/auth/login').send({ email: `other-${email}`, password }).expect(401);
  });

  it('lists, disables, enables and removes administrators, and changes one\'s own password, through the API', async () => {
    const email = `${uniqueId('operator')}@example.org`;
    const password = 'an-operator-password';
    await t.http.post('/administrators').set(auth()).send({ email, password }).expect(201);
    const theirs = (await t.http.post('/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
    const asThem = { Authorization: `Bearer ${theirs}` };

    const listed = await cli(['admins', 'list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const row = listed.stdout.split('\n').find((line) => line.includes(email)) as string;
    expect(row.split('│').map((cell) => cell.trim()).slice(1, 3)).toEqual([email, 'active']);

    const disabled = await cli(['admins', 'disable', email]);
    expect(disabled).toMatchObject({ code: 0, stderr: '', stdout: `Administrator ${email} disabled: they can no longer log in, and their sessions are closed.\n` });
    await t.http.get('/campaigns').set(asThem).expect(401);
    const json = JSON.parse((await cli(['--json', 'admins', 'list'])).stdout) as { email: string; disabledAt: string | null }[];
    expect(json.find((a) => a.email === email)?.disabledAt).toEqual(expect.any(String));

    const enabled = await cli(['admins', 'enable', email]);
    expect(enabled).toMatchObject({ code: 0, stdout: `Administrator ${email} enabled: they can log in again.\n` });
    await t.http.get('/campaigns').set(asThem).expect(401);

    const newPassword = 'the-operator-new-password';
    const changed = await cli(['admins', 'passwd', '--password-stdin'], { env: { CTG_ADMIN_EMAIL: email, CTG_ADMIN_PASSWORD: password }, stdin: `${newPassword}\n` });
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toMatch(/^Password changed/);
    await t.http.post('/auth/login').send({ email, password }).expect(401);
    await t.http.post('/auth/login').send({ email, password: newPassword }).expect(200);
    const tooShort = await cli(['admins', 'passwd', '--password-stdin'], { env: { CTG_ADMIN_EMAIL: email, CTG_ADMIN_PASSWORD: newPassword }, stdin: 'short' });
    expect(tooShort).toMatchObject({ code: 1, stderr: 'error: the password must be at least 12 characters; nothing changed\n' });

    const removed = await cli(['--json', 'admins', 'remove', email.toUpperCase()]);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ email, removed: true });
    await t.http.post('/auth/login').send({ email, password: newPassword }).expect(401);
    const again = await cli(['admins', 'remove', email]);
    expect(again).toMatchObject({ code: 1, stderr: `error: DELETE /administrators/${encodeURIComponent(email)} answered 404: unknown administrator ${email}\n` });
    const wrong = await cli(['admins', 'disable', 'not-an-email']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('answered 400: email: not an e-mail address');
  });
});
