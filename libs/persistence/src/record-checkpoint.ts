import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { canonicalJson } from './record-chain';

/**
 * Signed checkpoints of the legal record (docs/threat-model.md). The hash chain shows an edit to
 * whoever recomputes it, unless the editor recomputes every later hash too, which anyone who can
 * write the table can do. A checkpoint is a chain head (campaign, seq, hash) signed with an Ed25519
 * key that never enters the database: a rewritten history no longer holds the signed hash, and a
 * new signature needs the key.
 */
export interface ChainHead {
  campaignId: string;
  seq: number;
  hash: string;
}

export interface Checkpoint extends ChainHead {
  /** UTC ISO 8601 with milliseconds. */
  signedAt: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo, DER), hexadecimal: which key signed. */
  keyId: string;
  /** Ed25519 signature of `checkpointStatement`, base64. */
  signature: string;
}

/** A domain tag first, so a signature made for anything else never passes for a checkpoint. */
const STATEMENT_TAG = 'ctg-record-checkpoint-v1\n';

/** The exact bytes signed: the tag, then the canonical JSON of the head, the time and the key id. */
export function checkpointStatement(c: Omit<Checkpoint, 'signature'>): string {
  return STATEMENT_TAG + canonicalJson({ campaignId: c.campaignId, seq: c.seq, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId });
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function signCheckpoint(head: ChainHead, privateKey: KeyObject, signedAt = new Date()): Checkpoint {
  const unsigned = { campaignId: head.campaignId, seq: head.seq, hash: head.hash, signedAt: signedAt.toISOString(), keyId: keyIdOf(createPublicKey(privateKey)) };
  return { ...unsigned, signature: sign(null, Buffer.from(checkpointStatement(unsigned), 'utf8'), privateKey).toString('base64') };
}

/** True when `publicKey` made this signature over exactly these fields. */
export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(checkpointStatement(c), 'utf8'), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** `<file>` (PKCS#8 PEM, readable by its owner only) and `<file>.pub` (SPKI PEM); never overwrites. */
export function createSigningKeyFiles(privateKeyFile: string): { keyId: string; publicKeyFile: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyFile = `${privateKeyFile}.pub`;
  for (const file of [privateKeyFile, publicKeyFile]) {
    if (existsSync(file)) throw new Error(`${file} already exists: a signing key is never overwritten`);
  }
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  return { keyId: keyIdOf(publicKey), publicKeyFile };
}

export function readPrivateKeyFile(file: string): KeyObject {
  const key = createPrivateKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  return key;
}

export function readPublicKeyFile(file: string): KeyObject {
  const key = createPublicKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  return key;
}

/**
 * What a checkpoint says of the record now:
 * - `forged`: its signature does not verify with the public key (the row was made or altered without the key);
 * - `other-key`: another key signed it;
 * - `rewritten`: the event at its seq now has another hash: that event, or one before it, was rewritten
 *   (every later hash recomputed, or the chain would say so itself);
 * - `missing`: the record no longer reaches its seq: events were deleted at the end.
 */
export type CheckpointProblem = 'forged' | 'other-key' | 'rewritten' | 'missing';

export interface CheckpointFinding {
  campaignId: string;
  seq: number;
  problem: CheckpointProblem;
  detail: string;
}

export interface CheckpointReport {
  campaignId: string;
  /** Checkpoints read, in seq order. */
  checkpoints: number;
  /** The last checkpoint that holds: signed by the key and still in the chain. */
  lastHeld?: Checkpoint;
  findings: CheckpointFinding[];
}

/**
 * Compares a campaign's checkpoints with its stored hashes (`hashBySeq`). Pure: an auditor can run
 * it on an exported archive and the checkpoints they kept.
 */
export function checkCheckpoints(campaignId: string, checkpoints: Checkpoint[], hashBySeq: Map<number, string>, publicKey: KeyObject): CheckpointReport {
  const ordered = [...checkpoints].sort((a, b) => a.seq - b.seq);
  const keyId = keyIdOf(publicKey);
  const findings: CheckpointFinding[] = [];
  let lastHeld: Checkpoint | undefined;
  const found = (c: Checkpoint, problem: CheckpointProblem, detail: string) => findings.push({ campaignId, seq: c.seq, problem, detail });
  for (const c of ordered) {
    const at = `the checkpoint of seq ${c.seq} signed at ${c.signedAt}`;
    if (c.keyId !== keyId) {
      found(c, 'other-key', `${at} was signed by key ${c.keyId.slice(0, 16)}…, not by the public key given (${keyId.slice(0, 16)}…)`);
      continue;
    }
    if (!checkpointSignatureValid(c, publicKey)) {
      found(c, 'forged', `${at} does not verify with the public key: it was made or altered without the signing key`);
      continue;
    }
    const stored = hashBySeq.get(c.seq);
    const since = lastHeld ? `, after seq ${lastHeld.seq} (whose checkpoint still holds)` : '';
    if (stored === undefined) {
      found(c, 'missing', `seq ${c.seq} is no longer in the record, though ${at} attests it: events were deleted${since}`);
    } else if (stored !== c.hash) {
      found(c, 'rewritten', `seq ${c.seq} no longer has the hash of ${at}: the record was rewritten at or before seq ${c.seq}${since}, every later hash recomputed`);
    } else if (findings.length === 0) {
      lastHeld = c;
    }
  }
  return { campaignId, checkpoints: ordered.length, lastHeld, findings };
}

interface CheckpointRow {
  campaign_id: string;
  seq: number;
  hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

/** Stores a checkpoint; false when that head was already checkpointed with that key. */
export async function storeCheckpoint(dataSource: DataSource, c: Checkpoint): Promise<boolean> {
  const inserted: unknown[] = await dataSource.query(
    `INSERT INTO record_checkpoint (campaign_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING seq`,
    [c.campaignId, c.seq, c.hash, c.signedAt, c.keyId, c.signature],
  );
  return inserted.length > 0;
}

export async function readCheckpoints(dataSource: DataSource, campaignId: string): Promise<Checkpoint[]> {
  const rows: CheckpointRow[] = await dataSource.query(
    `SELECT campaign_id, seq, hash, signed_at, key_id, signature FROM record_checkpoint WHERE campaign_id = $1 ORDER BY seq, signed_at`,
    [campaignId],
  );
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    seq: r.seq,
    hash: r.hash,
    signedAt: new Date(r.signed_at).toISOString(),
    keyId: r.key_id,
    signature: r.signature,
  }));
}

export async function campaignsWithCheckpoints(dataSource: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(`SELECT DISTINCT campaign_id AS id FROM record_checkpoint ORDER BY id`);
  return rows.map((r) => r.id);
}
