import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainEvents, chainHash } from './record-chain';
import { ChainRow, verifyChain } from './record-verification';

const event = (seq: number, data: Record<string, unknown> = { signatoryId: `s${seq}` }) => ({
  campaignId: 'ctg-test',
  seq,
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  type: 'SessionScheduled',
  occurredAt: `2023-07-0${seq}T08:00:00.000Z`,
  actor: { kind: 'administrator', id: 'admin@example.org' },
  data,
});

function chain(length: number): ChainRow[] {
  return chainEvents(GENESIS_HASH, Array.from({ length }, (_, i) => event(i + 1)));
}

describe('canonical JSON', () => {
  it('sorts keys at every level, leaves out undefined members, and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'é’' }, u: undefined })).toBe(
      '{"a":{"c":"é’","d":[3,{"z":1}]},"b":1}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson(JSON.parse('{"a":2,"b":1}')));
  });

  it('hashes the previous hash followed by the canonical event, as docs/legal-record.md says', () => {
    const e = event(1, { signatoryId: '31582', sessionDate: '2023-07-04' });
    const text =
      '{"actor":{"id":"admin@example.org","kind":"administrator"},"campaignId":"ctg-test",' +
      '"data":{"sessionDate":"2023-07-04","signatoryId":"31582"},"id":"00000000-0000-4000-8000-000000000001",' +
      '"occurredAt":"2023-07-01T08:00:00.000Z","seq":1,"type":"SessionScheduled"}';
    expect(chainHash(GENESIS_HASH, e)).toBe(createHash('sha256').update(GENESIS_HASH + text).digest('hex'));
    // The same instant written with an offset, or read back as a Date, hashes the same.
    expect(chainHash(GENESIS_HASH, { ...e, occurredAt: '2023-07-01T10:00:00+02:00' })).toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash(GENESIS_HASH, { ...e, occurredAt: new Date(e.occurredAt) })).toBe(chainHash(GENESIS_HASH, e));
  });
});

describe('verifying a chain', () => {
  it('accepts an untouched chain and reports its last hash', () => {
    const rows = chain(5);
    expect(verifyChain('ctg-test', rows, 5)).toEqual({ campaignId: 'ctg-test', valid: true, events: 5, lastHash: rows[4].hash });
  });

  it('names an edited event', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], data: { signatoryId: 'someone-else' } };
    expect(verifyChain('ctg-test', rows, 5)).toMatchObject({ valid: false, firstBrokenSeq: 3, reason: 'edited' });
  });

  it('names a deleted event, in the middle or at the end', () => {
    const rows = chain(5);
    expect(verifyChain('ctg-test', [...rows.slice(0, 1), ...rows.slice(2)], 5)).toMatchObject({ firstBrokenSeq: 2, reason: 'missing' });
    expect(verifyChain('ctg-test', rows.slice(0, 4), 5)).toMatchObject({ firstBrokenSeq: 5, reason: 'missing' });
  });

  it('names events moved to another seq', () => {
    const rows = chain(5);
    const swapped = [rows[0], { ...rows[3], seq: 2 }, rows[2], { ...rows[1], seq: 4 }, rows[4]];
    expect(verifyChain('ctg-test', swapped, 5)).toMatchObject({ firstBrokenSeq: 2, reason: 'order', detail: expect.stringContaining('recorded as seq 4') });
  });

  it('names an event rewritten together with its hash, by the link after it', () => {
    const rows = chain(5);
    const forged = { ...rows[1], data: { signatoryId: 'forged' } };
    forged.hash = chainHash(forged.prevHash, forged);
    expect(verifyChain('ctg-test', [rows[0], forged, ...rows.slice(2)], 5)).toMatchObject({ firstBrokenSeq: 2, reason: 'link' });
  });
});
