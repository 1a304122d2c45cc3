import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '@ctg/persistence';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { OwnDatabase } from './support/own-database';
import { recordCommand } from './support/record-command';
import { TestApp, eventually, startTestApp } from './support/test-app';

/** PostgreSQL's refusal for want of a right (SQLSTATE 42501). */
const refused = { code: '42501' };

/**
 * The restore drill of docs/operations-backup.md, on a database of its own (the tier's databases
 * stay untouched): a campaign half voted is backed up, its database dropped with its application
 * role, restored from the file, verified, its read models rebuilt identically, found consistent
 * with Temporal's workflow, and finished through the API.
 */
describe('a backup restores: the record, its guarantees and the campaign going on', () => {
  const database = new OwnDatabase(`ctg_drill_${process.pid}`);
  const file = join(mkdtempSync(join(tmpdir(), 'ctg-drill-')), 'ctg.dump');
  let url: string;
  let t: TestApp | undefined;
  const record = (...args: string[]) => recordCommand(args, { DATABASE_URL: url });
  const auth = () => ({ Authorization: `Bearer ${t!.adminToken}` });


  /** Every row of the read models that `rebuild-projections` makes, in a fixed order. */
  async function readModels(owner: DataSource) {
    return {
      campaigns: await owner.query(`SELECT * FROM campaign_view ORDER BY id`),
      signatories: await owner.query(`SELECT * FROM signatory_view ORDER BY campaign_id, signatory_id`),
    };
  }

  beforeAll(async () => {
    url = await database.create();
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('backs up a campaign in progress, restores it into an emptied server, and the campaign goes on to its signature phase', async () => {
    t = await startTestApp({ DATABASE_URL: url });
    const taskQueue = t.taskQueue;
    const body = smallCampaign(4);
    const id = body.id as string;
    const vote = (i: number) =>
      t!.http.put(`/campaigns/${id}/signatories/${body.signatories[i].id}/deliberation`).set(auth()).send(adopted()).expect(200);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    await vote(0);
    await vote(1);
    // What an operator checks first: the workflow's facts are all in the record and the read models.
    const settled = await eventually(async () => {
      const check = await record('consistency', id);
      expect(check).toMatchObject({ code: 0 });
      return check;
    });
    expect(settled.out).toContain('No disagreement between the workflow, the event store and the read models.');
    const before = await readModels(t.owner);
    const statuses = before.signatories.filter((s: { campaign_id: string }) => s.campaign_id === id).map((s: { status: string }) => s.status);
    expect(statuses.sort()).toEqual(['adopted', 'adopted', 'pending', 'pending']);
    const [{ hash: finalHash, seq: events }] = await t.owner.query(`SELECT hash, seq FROM campaign_event WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);

    // A machine without the PostgreSQL client is told what to install, and no file is left.
    const noClient = await recordCommand(['backup', file], { DATABASE_URL: url, PG_BIN_DIR: join(tmpdir(), 'no-postgresql-client-here') });
    expect(noClient).toMatchObject({ code: 2, out: expect.stringContaining('pg_dump was not found in PG_BIN_DIR') });
    expect(noClient.out).toContain('install the PostgreSQL client');
    expect(existsSync(file)).toBe(false);

    let started = Date.now();
    const backup = await record('backup', file);
    const backupMs = Date.now() - started;
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.out).toContain(`${id}: ${events} events, final hash ${finalHash}`);
    expect(await record('backup', file)).toMatchObject({ code: 2, out: expect.stringContaining('never overwrites') });

    // The stack stops; the server loses the database and its application role (a new machine).
    await t.close();
    t = undefined;
    await database.create();

    started = Date.now();
    const restore = await record('restore', file);
    const restoreMs = Date.now() - started;
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toContain(`${id}: ${events} events, final hash ${finalHash}`);
    expect(restore.out).toContain(`${id}: ${events} events, chain intact`);
    expect(restore.out).toContain(`${database.name}_app was created and may read and insert the record, but not log in yet`);
    expect(await record('restore', file)).toMatchObject({ code: 2, out: expect.stringContaining('is not empty') });

    started = Date.now();
    const verify = await record('verify');
    const verifyMs = Date.now() - started;
    expect(verify).toMatchObject({ code: 0, out: expect.stringContaining(`final hash ${finalHash}`) });

    // The API's start with the owner's URL gives the role its login; it still cannot edit the record.
    const application = await openDatabase(url, 1);
    try {
      for (const statement of [
        `UPDATE campaign_event SET data = '{}' WHERE campaign_id = '${id}'`,
        `DELETE FROM campaign_event WHERE campaign_id = '${id}'`,
        `TRUNCATE campaign_event`,
        `ALTER TABLE campaign_event DISABLE TRIGGER ALL`,
        `DELETE FROM stored_document`,
        `UPDATE migrations SET name = name`,
      ]) {
        const error = await application.query(statement).then(() => 'accepted', (e) => ({ code: e.code }));
        expect({ statement, error }).toEqual({ statement, error: refused });
      }
    } finally {
      await application.destroy();
    }

    t = await startTestApp({ DATABASE_URL: url, TEMPORAL_TASK_QUEUE: taskQueue });
    // Even the owner meets the restored append-only triggers.
    await expect(t.owner.query(`DELETE FROM campaign_event WHERE campaign_id = $1`, [id])).rejects.toThrow(/append-only/);

    expect(await record('rebuild-projections')).toMatchObject({ code: 0 });
    expect(await readModels(t.owner)).toEqual(before);
    const consistent = await record('consistency', id);
    expect(consistent).toMatchObject({ code: 0, out: expect.stringContaining('No disagreement between the workflow, the event store and the read models.') });

    await vote(2);
    await vote(3);
    await eventually(async () => {
      expect((await t!.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body).toMatchObject({ phase: 'awaiting_signature' });
    });
    // The two votes and the opening of the signature, chained onto the restored head.
    const after = (await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body;
    expect(after).toMatchObject({ valid: true, events: events + 3 });
    const added = await t.owner.query(`SELECT type, prev_hash FROM campaign_event WHERE campaign_id = $1 AND seq > $2 ORDER BY seq`, [id, events]);
    expect(added[0].prev_hash).toBe(finalHash);
    expect(added.filter((e: { type: string }) => e.type === 'DeliberationRecorded')).toHaveLength(2);

    // The commands' own durations (pg_dump, pg_restore and the grants) beside the wall clock, which includes ts-node's start.
    const own = (out: string, verb: string) => out.match(new RegExp(`${verb} .* in ([0-9.]+ s)`))?.[1];
    console.log(
      `restore drill: backup ${backupMs} ms (pg_dump ${own(backup.out, 'Backed up')}), restore and verify ${restoreMs} ms ` +
        `(pg_restore ${own(restore.out, 'Restored')}), verify ${verifyMs} ms (${events} events, 1 campaign; wall clock of each command, its start included)`,
    );
  });
});
