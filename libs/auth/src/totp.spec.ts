import { base32Decode } from './base32';
import { AuthError } from './errors';
import { generateTotpSecret, hotp, totp, totpStep, totpUri, verifyTotp } from './totp';

/** The shared secret of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1 rows). */
const SECRET = Buffer.from('12345678901234567890', 'ascii');
const at = (unixSeconds: number): Date => new Date(unixSeconds * 1000);

describe('hotp', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('gives the RFC 4226 Appendix D value for counter %i', (counter, code) => {
    expect(hotp(SECRET, counter)).toBe(code);
  });

  it('refuses a secret shorter than 128 bits (RFC 4226 §4 R6)', () => {
    expect(() => hotp(Buffer.alloc(15), 0)).toThrow(expect.objectContaining({ code: 'auth/malformed-totp-secret' }));
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('refuses the counter %p', (counter) => {
    expect(() => hotp(SECRET, counter)).toThrow(expect.objectContaining({ code: 'auth/invalid-parameter' }));
  });

  it.each([5, 9, 6.5])('refuses %p digits', (digits) => {
    expect(() => hotp(SECRET, 0, digits)).toThrow(expect.objectContaining({ code: 'auth/invalid-parameter' }));
  });
});

describe('totp', () => {
  it.each([
    [59, 1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ])('gives the RFC 6238 Appendix B SHA-1 value at unix time %i (step %i)', (time, step, code) => {
    expect(totpStep(at(time))).toBe(step);
    expect(totp(SECRET, at(time), 8)).toBe(code);
    expect(totp(SECRET, at(time))).toBe(code.slice(2));
  });

  it('refuses an invalid date and a time before the epoch', () => {
    expect(() => totpStep(new Date(Number.NaN))).toThrow(AuthError);
    expect(() => totpStep(new Date(-1000))).toThrow(AuthError);
  });
});

describe('verifyTotp', () => {
  const now = at(1111111111); // step 0x23523ed
  const step = 0x23523ed;

  it('returns the matched step for the current code (RFC 6238 Appendix B, 8 digits)', () => {
    expect(verifyTotp(SECRET, '14050471', { now, digits: 8 })).toBe(step);
  });

  it('accepts one step either side by default and refuses two steps away', () => {
    expect(verifyTotp(SECRET, hotp(SECRET, step - 1), { now })).toBe(step - 1);
    expect(verifyTotp(SECRET, hotp(SECRET, step + 1), { now })).toBe(step + 1);
    expect(verifyTotp(SECRET, hotp(SECRET, step - 2), { now })).toBeUndefined();
    expect(verifyTotp(SECRET, hotp(SECRET, step + 2), { now })).toBeUndefined();
  });

  it('with window 0 accepts only the current step', () => {
    expect(verifyTotp(SECRET, hotp(SECRET, step), { now, window: 0 })).toBe(step);
    expect(verifyTotp(SECRET, hotp(SECRET, step - 1), { now, window: 0 })).toBeUndefined();
  });

  it('refuses a replay of the step already used (RFC 6238 §5.2)', () => {
    const code = hotp(SECRET, step);
    const used = verifyTotp(SECRET, code, { now });
    expect(used).toBe(step);
    expect(verifyTotp(SECRET, code, { now, lastUsedStep: used })).toBeUndefined();
  });

  it('refuses a code from a step older than the last one used, and accepts a newer one', () => {
    expect(verifyTotp(SECRET, hotp(SECRET, step - 1), { now, lastUsedStep: step })).toBeUndefined();
    expect(verifyTotp(SECRET, hotp(SECRET, step + 1), { now, lastUsedStep: step })).toBe(step + 1);
  });

  it('ignores spaces inside the typed code', () => {
    const code = hotp(SECRET, step);
    expect(verifyTotp(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, { now })).toBe(step);
  });

  it.each([
    ['an empty string', ''],
    ['too few digits', '14050'],
    ['too many digits', '1405047'],
    ['letters', '14O5O4'],
    ['non-ASCII digits', '١٤٠٥٠٤'],
    ['a very long string', '0'.repeat(10_000)],
    ['a signed number', '+50471'],
  ])('returns undefined for %s', (_what, code) => {
    expect(verifyTotp(SECRET, code, { now })).toBeUndefined();
  });

  it('returns undefined when a non-string slips through from untyped input', () => {
    expect(verifyTotp(SECRET, 50471 as unknown as string, { now })).toBeUndefined();
  });

  it.each([-1, 11, 0.5])('refuses the window %p', (window) => {
    expect(() => verifyTotp(SECRET, '123456', { now, window })).toThrow(
      expect.objectContaining({ code: 'auth/invalid-parameter' }),
    );
  });

  it('verifies a code made with a freshly generated 160-bit secret', () => {
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(generateTotpSecret().equals(secret)).toBe(false);
    expect(verifyTotp(secret, totp(secret, now), { now })).toBe(step);
  });

  it('skips the negative step that window 1 reaches at the epoch', () => {
    expect(verifyTotp(SECRET, hotp(SECRET, 0), { now: at(10) })).toBe(0);
  });
});

describe('totpUri', () => {
  it('builds the Key URI with percent-encoded label and issuer and the unpadded base32 secret', () => {
    expect(totpUri({ secret: SECRET, account: 'alice@example.org', issuer: 'Delineo Lab' })).toBe(
      'otpauth://totp/Delineo%20Lab:alice%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=Delineo%20Lab&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('encodes reserved and non-ASCII characters so the query cannot be altered', () => {
    const uri = totpUri({ secret: SECRET, account: 'a&b?c#d/e+f', issuer: 'Zürich & Co' });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.hash).toBe('');
    expect([...url.searchParams.keys()]).toEqual(['secret', 'issuer', 'algorithm', 'digits', 'period']);
    expect(url.searchParams.get('issuer')).toBe('Zürich & Co');
    expect(decodeURIComponent(url.pathname)).toBe('/Zürich & Co:a&b?c#d/e+f');
    expect(base32Decode(url.searchParams.get('secret') ?? '')).toEqual(SECRET);
  });

  it.each([
    ['a colon in the account', { account: 'a:b', issuer: 'Delineo' }],
    ['a colon in the issuer', { account: 'alice', issuer: 'Del:ineo' }],
    ['an empty account', { account: '', issuer: 'Delineo' }],
    ['an empty issuer', { account: 'alice', issuer: '' }],
  ])('refuses %s', (_what, input) => {
    expect(() => totpUri({ secret: SECRET, ...input })).toThrow(
      expect.objectContaining({ code: 'auth/invalid-parameter' }),
    );
  });

  it('refuses a short secret', () => {
    expect(() => totpUri({ secret: Buffer.alloc(10), account: 'a', issuer: 'b' })).toThrow(
      expect.objectContaining({ code: 'auth/malformed-totp-secret' }),
    );
  });
});
