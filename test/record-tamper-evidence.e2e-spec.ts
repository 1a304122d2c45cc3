import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  applicationRoleName,
  chainEvents,
  derivedApplicationUrl,
  keyIdOf,
  openDatabase,
  readPublicKeyFile,
  signCheckpoint,
} from '@ctg/persistence';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { recordCommand as record } from './support/record-command';
import { TestApp, startTestApp } from './support/test-app';

/** PostgreSQL's refusal for want of a right (SQLSTATE 42501), and nothing else. */
const refused = { code: '42501' };

describe('the legal record is tamper-evident against the application itself', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const asApplication = (query: string, params: unknown[] = []) => t.dataSource.query(query, params);
  const asOwner = (query: string, params: unknown[] = []) => t.owner.query(query, params);
  const database = () => new URL(process.env.TEST_DATABASE_URL as string).pathname.slice(1);
  const events = (id: string) => asOwner(`SELECT * FROM campaign_event WHERE campaign_id = $1 ORDER BY seq`, [id]);

  async function launched(signatories = 3): Promise<{ id: string; vote: (index: number) => Promise<unknown> }> {
    const body = smallCampaign(signatories);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const vote = (index: number) =>
      t.http.put(`/campaigns/${id}/signatories/${body.signatories[index].id}/deliberation`).set(auth()).send(adopted()).expect(200);
    return { id, vote };
  }

  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => t.close());

  it('runs the API and the worker as a role that may only read and insert the record, never edit it or switch off its triggers', async () => {
    const [who] = await asApplication(`SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(who).toEqual({ role: applicationRoleName(database()), rolsuper: false });

    // End to end as that role: the API starts the campaign, the worker appends and projects.
    const { id, vote } = await launched(3);
    for (const i of [0, 1, 2]) await vote(i);
    expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body).toMatchObject({ phase: 'awaiting_signature' });
    expect((await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body).toMatchObject({ valid: true, events: 6 });

    for (const statement of [
      `ALTER TABLE campaign_event DISABLE TRIGGER ALL`,
      `ALTER TABLE campaign_event DISABLE TRIGGER campaign_event_append_only`,
      `DROP TRIGGER campaign_event_append_only ON campaign_event`,
      `UPDATE campaign_event SET data = '{}' WHERE campaign_id = '${id}' AND seq = 4`,
      `DELETE FROM campaign_event WHERE campaign_id = '${id}'`,
      `TRUNCATE campaign_event`,
      `ALTER TABLE campaign_event OWNER TO CURRENT_USER`,
      `SET session_replication_role = replica`,
      `UPDATE record_checkpoint SET hash = hash`,
      `DELETE FROM record_checkpoint`,
      `UPDATE migrations SET name = name`,
    ]) {
      await expect({ statement, error: await asApplication(statement).then(() => 'accepted', (e) => ({ code: e.code })) }).toEqual({
        statement,
        error: refused,
      });
    }
    expect(await events(id)).toHaveLength(6);
    expect((await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body).toMatchObject({ valid: true, events: 6 });
  });

  it('lets the application role use a table a later migration adds, and connects as that role whichever URLs it is given', async () => {
    await asOwner(`CREATE TABLE later_migration_probe (id integer PRIMARY KEY, note text)`);
    try {
      await asApplication(`INSERT INTO later_migration_probe VALUES (1, 'added after the role')`);
      await asApplication(`UPDATE later_migration_probe SET note = 'kept' WHERE id = 1`);
      expect(await asApplication(`SELECT note FROM later_migration_probe`)).toEqual([{ note: 'kept' }]);
    } finally {
      await asOwner(`DROP TABLE later_migration_probe`);
    }

    // docker/: DATABASE_OWNER_URL migrates, DATABASE_URL is the application role; then the role alone.
    const ownerUrl = process.env.TEST_DATABASE_URL as string;
    const role = applicationRoleName(database());
    const applicationUrl = derivedApplicationUrl(ownerUrl, role);
    for (const open of [() => openDatabase(applicationUrl, 1, ownerUrl), () => openDatabase(applicationUrl, 1)]) {
      const dataSource = await open();
      expect(await dataSource.query(`SELECT current_user AS role`)).toEqual([{ role }]);
      await dataSource.destroy();
    }
    await expect(openDatabase(ownerUrl, 1, ownerUrl)).rejects.toThrow(`DATABASE_URL must connect as ${role}, the application role of ${database()}`);
    await expect(openDatabase(applicationUrl, 1, applicationUrl)).rejects.toThrow(/DATABASE_OWNER_URL connects as .*_app, the application role/);
  });

  it('detects with the signed checkpoints an event rewritten with every later hash recomputed, and names the campaign and seq', async () => {
    const keyFile = join(mkdtempSync(join(process.env.TEST_RUNTIME_DIR as string, 'record-key-')), 'record-signing.pem');
    const keys = { RECORD_SIGNING_KEY_FILE: keyFile };
    const created = await record(['signing-key'], keys);
    expect(created).toMatchObject({ code: 0, out: expect.stringContaining(`Created the signing key ${keyFile}`) });
    expect(await record(['signing-key'], keys)).toMatchObject({ code: 2, out: expect.stringContaining('already exists: a signing key is never overwritten') });
    const publicKey = readPublicKeyFile(`${keyFile}.pub`);

    const { id, vote } = await launched(3);
    await vote(0);
    const early = (await events(id)).length;
    expect(await record(['checkpoint', id], keys)).toMatchObject({ code: 0, out: expect.stringContaining(`${id}: checkpoint at seq ${early}`) });
    await vote(1);
    await vote(2);
    const original = await events(id);
    const last = original.length;
    const signed = await record(['checkpoint', id], keys);
    expect(signed).toMatchObject({ code: 0, out: expect.stringContaining(`${id}: checkpoint at seq ${last}, hash ${original[last - 1].hash}`) });
    expect(await record(['checkpoint', id], keys)).toMatchObject({ code: 0, out: expect.stringContaining(`seq ${last} already checkpointed`) });
    const intact = await record(['verify', id], keys);
    expect(intact).toMatchObject({ code: 0, out: expect.stringContaining(`2 signed checkpoints hold, the last at seq ${last}`) });

    // The owner rewrites the vote right after the first checkpoint, and chains everything after it again.
    const target = early + 1;
    const restore = async (rows: typeof original) => {
      await asOwner('ALTER TABLE campaign_event DISABLE TRIGGER campaign_event_append_only');
      try {
        for (const r of rows) {
          await asOwner(`UPDATE campaign_event SET data = $3, prev_hash = $4, hash = $5 WHERE campaign_id = $1 AND seq = $2`, [id, r.seq, r.data, r.prev_hash, r.hash]);
        }
      } finally {
        await asOwner('ALTER TABLE campaign_event ENABLE TRIGGER campaign_event_append_only');
      }
    };
    const tail = original.filter((r: { seq: number }) => r.seq >= target);
    const forgedTail = chainEvents(
      original[target - 2].hash,
      tail.map((r: { seq: number; data: { deliberation: object } } & Record<string, unknown>) => ({
        ...r,
        campaignId: id,
        occurredAt: r.occurred_at as Date,
        data: r.seq === target ? { ...r.data, deliberation: { ...r.data.deliberation, votesFor: 99 } } : r.data,
      })),
    );
    await restore(forgedTail.map((r) => ({ ...r, prev_hash: r.prevHash })));
    try {
      // The chain alone is fooled: every link holds.
      expect((await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body).toMatchObject({ valid: true, events: last });
      const found = await record(['verify', id], keys);
      expect(found.code).toBe(1);
      expect(found.out).toContain(`${id}: ${last} events, chain intact`);
      expect(found.out).toContain(`CHECKPOINT BROKEN at seq ${last} (rewritten)`);
      expect(found.out).toContain(`the record was rewritten at or before seq ${last}, after seq ${early} (whose checkpoint still holds)`);
      expect(found.out).toContain('1 campaign verified');
      expect(found.out).toContain('1 with a broken chain, checkpoint or stored file.');
      const everything = await record(['verify'], keys);
      expect(everything.code).toBe(1);
      expect(everything.out).toContain(`CHECKPOINT BROKEN at seq ${last} (rewritten)`);

      // A checkpoint never vouches for the rewritten record, nor does one the owner signs with a key of their own.
      const resign = await record(['checkpoint', id], keys);
      expect(resign).toMatchObject({ code: 1, out: expect.stringContaining(`${id}: NOT signed, checkpoint of seq ${last} broken (rewritten)`) });
      const forger = generateKeyPairSync('ed25519');
      const forged = { ...signCheckpoint({ campaignId: id, seq: last - 1, hash: forgedTail.at(-2)!.hash }, forger.privateKey), keyId: keyIdOf(publicKey) };
      await asOwner(`INSERT INTO record_checkpoint (campaign_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id, forged.seq, forged.hash, '2030-01-01T00:00:00.000Z', forged.keyId, forged.signature,
      ]);
      const withForgery = await record(['verify', id], keys);
      expect(withForgery.code).toBe(1);
      expect(withForgery.out).toContain(`CHECKPOINT BROKEN at seq ${last - 1} (forged)`);

      // Without the public key the checkpoints are not checked, and the command says so.
      const blind = await record(['verify', id], { RECORD_SIGNING_KEY_FILE: '', RECORD_PUBLIC_KEY_FILE: '' });
      expect(blind).toMatchObject({ code: 2, out: expect.stringContaining('signed checkpoints NOT checked: no public key') });
    } finally {
      await restore(tail);
      await asOwner('ALTER TABLE record_checkpoint DISABLE TRIGGER record_checkpoint_append_only');
      await asOwner(`DELETE FROM record_checkpoint WHERE campaign_id = $1 AND signed_at = '2030-01-01T00:00:00.000Z'`, [id]);
      await asOwner('ALTER TABLE record_checkpoint ENABLE TRIGGER record_checkpoint_append_only');
    }
    expect(await record(['verify', id], keys)).toMatchObject({ code: 0, out: expect.stringContaining(`2 signed checkpoints hold, the last at seq ${last}`) });
  }, 180_000);
});
