import { consumeRecoveryCode, generateRecoveryCodes, RECOVERY_CODE_ALPHABET } from './recovery-codes';

describe('generateRecoveryCodes', () => {
  it('makes 10 distinct xxxx-xxxx-xxxx codes from the unambiguous alphabet by default', () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(hashes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('has a 32-symbol alphabet without i, l, o or u, so each symbol carries 5 bits and 12 carry 60', () => {
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[ilou]/);
  });

  it('stores only salted SHA-256 digests that never contain the code', () => {
    const { codes, hashes } = generateRecoveryCodes(3);
    for (const [i, h] of hashes.entries()) {
      expect(h).toMatch(/^sha256\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
      expect(h).not.toContain(codes[i].replace(/-/g, ''));
    }
    expect(new Set(hashes.map((h) => h.split('$')[1])).size).toBe(3);
  });

  it('uses every symbol of the alphabet over many codes (no bias towards a subset)', () => {
    const seen = new Set(generateRecoveryCodes(100).codes.join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
  });

  it.each([0, -1, 101, 2.5])('refuses a count of %p', (count) => {
    expect(() => generateRecoveryCodes(count)).toThrow(expect.objectContaining({ code: 'auth/invalid-parameter' }));
  });
});

describe('consumeRecoveryCode', () => {
  const { codes, hashes } = generateRecoveryCodes(5);

  it('returns the index of the matching code', () => {
    codes.forEach((code, i) => expect(consumeRecoveryCode(hashes, code)).toBe(i));
  });

  it('normalises case, dashes, spaces and the look-alikes o, i and l', () => {
    const bare = codes[2].replace(/-/g, '');
    expect(consumeRecoveryCode(hashes, bare.toUpperCase())).toBe(2);
    expect(consumeRecoveryCode(hashes, ` ${bare.slice(0, 6)} ${bare.slice(6)}\t`)).toBe(2);
    expect(consumeRecoveryCode(hashes, bare.split('').join('-'))).toBe(2);
    const typed = bare.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(consumeRecoveryCode(hashes, typed)).toBe(2);
  });

  it('skips consumed (null) entries, so a used code cannot be used again', () => {
    const remaining = hashes.map((h, i) => (i === 1 ? null : h));
    expect(consumeRecoveryCode(remaining, codes[1])).toBeUndefined();
    expect(consumeRecoveryCode(remaining, codes[3])).toBe(3);
  });

  it.each([
    ['an empty string', ''],
    ['a code from another set', generateRecoveryCodes(1).codes[0]],
    ['one symbol short', 'abcd-efgh-jkm'],
    ['one symbol too many', 'abcd-efgh-jkmnp'],
    ['a u, which is not in the alphabet', 'abcd-efgh-jkmu'],
    ['a very long input', 'a'.repeat(100_000)],
  ])('returns undefined for %s', (_what, input) => {
    expect(consumeRecoveryCode(hashes, input)).toBeUndefined();
  });

  it('returns undefined for an empty list and for a non-string from untyped input', () => {
    expect(consumeRecoveryCode([], codes[0])).toBeUndefined();
    expect(consumeRecoveryCode(hashes, undefined as unknown as string)).toBeUndefined();
  });

  it('throws auth/malformed-hash for a stored value that is not ours, even when the input is wrong', () => {
    expect(() => consumeRecoveryCode([...hashes, 'plaintext-code'], 'nope')).toThrow(
      expect.objectContaining({ code: 'auth/malformed-hash' }),
    );
  });
});
