import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Checkpoint,
  checkCheckpoints,
  checkpointSignatureValid,
  checkpointStatement,
  createSigningKeyFiles,
  keyIdOf,
  readPrivateKeyFile,
  readPublicKeyFile,
  signCheckpoint,
} from './record-checkpoint';

const hex = (c: string) => c.repeat(64);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const head = { campaignId: 'ctg-lauragais', seq: 6, hash: hex('a') };
const signedAt = new Date('2026-12-02T14:00:00.000Z');

describe('signed checkpoints of the legal record', () => {
  it('signs exactly the tagged canonical head, time and key, and verifies with the public key', () => {
    const c = signCheckpoint(head, privateKey, signedAt);
    expect(c).toMatchObject({ ...head, signedAt: '2026-12-02T14:00:00.000Z', keyId: keyIdOf(publicKey) });
    expect(checkpointStatement(c)).toBe(
      `ctg-record-checkpoint-v1\n{"campaignId":"ctg-lauragais","hash":"${hex('a')}","keyId":"${c.keyId}","seq":6,"signedAt":"2026-12-02T14:00:00.000Z"}`,
    );
    expect(Buffer.from(c.signature, 'base64')).toHaveLength(64);
    expect(checkpointSignatureValid(c, publicKey)).toBe(true);
  });

  it('refuses a checkpoint whose head, time or signature changed, or that another key signed', () => {
    const c = signCheckpoint(head, privateKey, signedAt);
    for (const altered of [{ hash: hex('b') }, { seq: 7 }, { campaignId: 'ctg-other' }, { signedAt: '2026-12-03T14:00:00.000Z' }]) {
      expect(checkpointSignatureValid({ ...c, ...altered }, publicKey)).toBe(false);
    }
    const flipped = Buffer.from(c.signature, 'base64');
    flipped[0] ^= 1;
    expect(checkpointSignatureValid({ ...c, signature: flipped.toString('base64') }, publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...c, signature: 'not base64 at all' }, publicKey)).toBe(false);
    const other = generateKeyPairSync('ed25519');
    expect(checkpointSignatureValid(c, other.publicKey)).toBe(false);
    // A thief of the database who signs with a key of their own, claiming the right key id.
    const forged = { ...signCheckpoint(head, other.privateKey, signedAt), keyId: keyIdOf(publicKey) };
    expect(checkpointSignatureValid(forged, publicKey)).toBe(false);
  });

  it('says which checkpoint no longer holds, and since when the record is attested', () => {
    const early = signCheckpoint({ ...head, seq: 3, hash: hex('3') }, privateKey, signedAt);
    const late = signCheckpoint({ ...head, seq: 6, hash: hex('6') }, privateKey, signedAt);
    const intact = new Map([[3, hex('3')], [6, hex('6')]]);
    expect(checkCheckpoints(head.campaignId, [late, early], intact, publicKey)).toEqual({ campaignId: head.campaignId, checkpoints: 2, lastHeld: late, findings: [] });

    const rewritten = checkCheckpoints(head.campaignId, [early, late], new Map([[3, hex('3')], [6, hex('f')]]), publicKey);
    expect(rewritten.lastHeld).toEqual(early);
    expect(rewritten.findings).toEqual([
      {
        campaignId: head.campaignId,
        seq: 6,
        problem: 'rewritten',
        detail: `seq 6 no longer has the hash of the checkpoint of seq 6 signed at 2026-12-02T14:00:00.000Z: the record was rewritten at or before seq 6, after seq 3 (whose checkpoint still holds), every later hash recomputed`,
      },
    ]);

    const truncated = checkCheckpoints(head.campaignId, [early, late], new Map([[3, hex('3')]]), publicKey);
    expect(truncated.findings).toEqual([expect.objectContaining({ seq: 6, problem: 'missing', detail: expect.stringContaining('seq 6 is no longer in the record') })]);

    const forgedRow: Checkpoint = { ...late, hash: hex('f') };
    const forged = checkCheckpoints(head.campaignId, [early, forgedRow], new Map([[3, hex('3')], [6, hex('f')]]), publicKey);
    expect(forged.findings).toEqual([expect.objectContaining({ seq: 6, problem: 'forged' })]);

    const stranger = signCheckpoint(late, generateKeyPairSync('ed25519').privateKey, signedAt);
    expect(checkCheckpoints(head.campaignId, [stranger], intact, publicKey).findings).toEqual([expect.objectContaining({ seq: 6, problem: 'other-key' })]);
  });

  it('writes a key pair the owner alone can read, refuses to overwrite it, and reads it back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ctg-key-')), 'record-signing.pem');
    const { keyId, publicKeyFile } = createSigningKeyFiles(file);
    expect(publicKeyFile).toBe(`${file}.pub`);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(() => createSigningKeyFiles(file)).toThrow(`${file} already exists: a signing key is never overwritten`);
    const c = signCheckpoint(head, readPrivateKeyFile(file), signedAt);
    expect(c.keyId).toBe(keyId);
    expect(checkpointSignatureValid(c, readPublicKeyFile(publicKeyFile))).toBe(true);
    expect(() => readPrivateKeyFile(publicKeyFile)).toThrow();
  });
});
