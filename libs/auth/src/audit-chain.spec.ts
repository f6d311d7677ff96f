import { createHash } from 'node:crypto';
import {
  AuditRecordInput,
  canonicalAuditJson,
  ChainedAuditRecord,
  chainHash,
  chainLink,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain';

const RECORD: AuditRecordInput = {
  time: new Date('2025-03-04T05:06:07.089Z'),
  actorType: 'user',
  actorId: 'u-42',
  action: 'login',
  target: null,
  outcome: 'success',
  sourceAddress: '10.0.0.7',
  requestId: 'req-1',
  details: { method: 'totp', attempts: 2, mfa: true, note: null },
};

function buildChain(n: number): ChainedAuditRecord[] {
  const out: ChainedAuditRecord[] = [];
  for (let i = 1; i <= n; i++) {
    const input: AuditRecordInput = { ...RECORD, time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), action: `action-${i}` };
    out.push({ ...input, ...chainLink(out[out.length - 1], input) });
  }
  return out;
}

describe('canonicalAuditJson', () => {
  it('writes fixed key order, sorted details, ISO time with milliseconds and no whitespace', () => {
    expect(canonicalAuditJson(RECORD)).toBe(
      '{"time":"2025-03-04T05:06:07.089Z","actorType":"user","actorId":"u-42","action":"login","target":null,' +
        '"outcome":"success","sourceAddress":"10.0.0.7","requestId":"req-1",' +
        '"details":{"attempts":2,"method":"totp","mfa":true,"note":null}}',
    );
  });

  it('does not depend on the order properties were set in', () => {
    const reordered: AuditRecordInput = {
      details: { note: null, mfa: true, attempts: 2, method: 'totp' },
      requestId: 'req-1',
      sourceAddress: '10.0.0.7',
      outcome: 'success',
      target: null,
      action: 'login',
      actorId: 'u-42',
      actorType: 'user',
      time: new Date(RECORD.time.getTime()),
    };
    expect(canonicalAuditJson(reordered)).toBe(canonicalAuditJson(RECORD));
  });

  it('writes milliseconds even when they are zero, and absent details as {}', () => {
    const json = canonicalAuditJson({ ...RECORD, time: new Date('2025-01-01T00:00:00Z'), details: undefined });
    expect(json).toContain('"time":"2025-01-01T00:00:00.000Z"');
    expect(json.endsWith(',"details":{}}')).toBe(true);
    expect(canonicalAuditJson({ ...RECORD, details: {} })).toBe(canonicalAuditJson({ ...RECORD, details: undefined }));
  });

  it('escapes strings and writes numbers as ECMAScript JSON does (RFC 8785 §3.2.2)', () => {
    const json = canonicalAuditJson({
      ...RECORD,
      target: 'a"b\\c\n\u2028é',
      details: { big: 1e21, small: 0.1, negZero: -0, z: 'ü', ä: 1, Z: 2 },
    });
    expect(json).toContain('"target":"a\\"b\\\\c\\n\u2028é"');
    expect(json).toContain('"details":{"Z":2,"big":1e+21,"negZero":0,"small":0.1,"z":"ü","ä":1}');
    expect(JSON.parse(json)).toMatchObject({ target: 'a"b\\c\n\u2028é' });
  });

  it.each<[string, Partial<AuditRecordInput>]>([
    ['an invalid date', { time: new Date(Number.NaN) }],
    ['a non-finite number', { details: { x: Number.POSITIVE_INFINITY } }],
    ['NaN', { details: { x: Number.NaN } }],
    ['a nested object', { details: { x: { y: 1 } as unknown as string } }],
    ['an undefined detail', { details: { x: undefined as unknown as string } }],
    ['an unknown actorType', { actorType: 'robot' as unknown as 'user' }],
    ['an unknown outcome', { outcome: 'maybe' as unknown as 'success' }],
    ['a non-string actorId', { actorId: 7 as unknown as string }],
  ])('throws auth/invalid-audit-record for %s', (_what, patch) => {
    expect(() => canonicalAuditJson({ ...RECORD, ...patch })).toThrow(
      expect.objectContaining({ code: 'auth/invalid-audit-record' }),
    );
  });
});

describe('chainHash', () => {
  it('is the hex SHA-256 of prevHash, a newline and the canonical JSON', () => {
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalAuditJson(RECORD)}`)
      .digest('hex');
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, RECORD)).toBe(expected);
  });

  it('changes with the previous hash and with any field', () => {
    const h = chainHash(GENESIS_HASH, RECORD);
    expect(chainHash('f'.repeat(64), RECORD)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...RECORD, time: new Date(RECORD.time.getTime() + 1) })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...RECORD, target: '' })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...RECORD, details: { ...RECORD.details, attempts: '2' } })).not.toBe(h);
  });

  it('refuses a prevHash that is not a hex digest', () => {
    expect(() => chainHash('abc', RECORD)).toThrow(expect.objectContaining({ code: 'auth/invalid-parameter' }));
  });
});

describe('verifyChain', () => {
  const chain = buildChain(6);

  it('accepts an intact chain and an empty one', () => {
    expect(chain[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(verifyChain(chain)).toEqual({ ok: true, count: 6 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it("names the edited record when a middle record's action is changed", () => {
    const tampered = chain.map((r) => (r.seq === 3 ? { ...r, action: 'nothing-to-see' } : r));
    expect(verifyChain(tampered)).toEqual({ ok: false, seq: 3, reason: 'hash-mismatch' });
  });

  it("names the successor when an edited record's own hash was recomputed too", () => {
    const tampered = chain.map((r) => {
      if (r.seq !== 3) return r;
      const edited = { ...r, actorId: 'someone-else' };
      return { ...edited, hash: chainHash(r.prevHash, edited) };
    });
    expect(verifyChain(tampered)).toEqual({ ok: false, seq: 4, reason: 'prev-mismatch' });
  });

  it('names the record after a deleted one', () => {
    expect(verifyChain(chain.filter((r) => r.seq !== 3))).toEqual({ ok: false, seq: 4, reason: 'seq-gap' });
  });

  it('names the first renumbered record when a deletion was hidden by renumbering', () => {
    const renumbered = chain.filter((r) => r.seq !== 3).map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyChain(renumbered)).toEqual({ ok: false, seq: 3, reason: 'prev-mismatch' });
  });

  it('names the first out-of-place record when two records are swapped', () => {
    const swapped = [chain[0], chain[2], chain[1], ...chain.slice(3)];
    expect(verifyChain(swapped)).toEqual({ ok: false, seq: 3, reason: 'seq-gap' });
  });

  it('names the first moved record when contents were swapped but seq kept in place', () => {
    const swapped = [chain[0], { ...chain[2], seq: 2 }, { ...chain[1], seq: 3 }, ...chain.slice(3)];
    expect(verifyChain(swapped)).toEqual({ ok: false, seq: 2, reason: 'prev-mismatch' });
  });

  it('refuses a first record that does not start from the genesis hash or seq 1', () => {
    expect(verifyChain(chain.slice(1))).toEqual({ ok: false, seq: 2, reason: 'seq-gap' });
    const forged = [{ ...chain[0], prevHash: 'f'.repeat(64) }, ...chain.slice(1)];
    expect(verifyChain(forged)).toEqual({ ok: false, seq: 1, reason: 'prev-mismatch' });
  });

  it('verifies only the records after an anchor', () => {
    expect(verifyChain(chain.slice(3), { seq: 3, hash: chain[2].hash })).toEqual({ ok: true, count: 3 });
    expect(verifyChain(chain.slice(3), { seq: 3, hash: chain[1].hash })).toEqual({
      ok: false,
      seq: 4,
      reason: 'prev-mismatch',
    });
  });

  it('reports a stored record with no canonical form as a hash mismatch instead of throwing', () => {
    const broken = chain.map((r) => (r.seq === 5 ? { ...r, time: new Date('not a date') } : r));
    expect(verifyChain(broken)).toEqual({ ok: false, seq: 5, reason: 'hash-mismatch' });
  });

  it('cannot see records removed from the end: that needs the last hash kept elsewhere', () => {
    const truncated = chain.slice(0, 4);
    expect(verifyChain(truncated)).toEqual({ ok: true, count: 4 });
    expect(truncated[truncated.length - 1].hash).not.toBe(chain[chain.length - 1].hash);
  });
});
