import { base32Decode, base32Encode } from './base32';
import { AuthError } from './errors';

// RFC 4648 §10 test vectors, written here without the padding we omit.
const VECTORS: Array<[string, string]> = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe('base32Encode', () => {
  it.each(VECTORS)('encodes %j as the RFC 4648 §10 vector %j without padding', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain, 'ascii'))).toBe(encoded);
  });

  it('encodes the RFC 4226/6238 test secret as the value authenticator apps are given', () => {
    expect(base32Encode(Buffer.from('12345678901234567890', 'ascii'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
});

describe('base32Decode', () => {
  it.each(VECTORS)('decodes back to %j from %j', (plain, encoded) => {
    expect(base32Decode(encoded).toString('ascii')).toBe(plain);
  });

  it('accepts lower case and trailing padding', () => {
    expect(base32Decode('mzxw6ytboi======').toString('ascii')).toBe('foobar');
    expect(base32Decode('MZXW6===').toString('ascii')).toBe('foo');
  });

  it('round-trips every byte value at every length up to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it.each([
    ['a character outside the alphabet', 'MZXW1'],
    ['a digit 0 or 8', 'MZ0W8YTB'],
    ['an impossible length', 'MZXW6YTBO'],
    ['non-zero pad bits', 'M7'],
    ['padding in the middle', 'MY==MZXQ'],
  ])('refuses %s with auth/malformed-totp-secret', (_what, text) => {
    expect(() => base32Decode(text)).toThrow(AuthError);
    expect(() => base32Decode(text)).toThrow(expect.objectContaining({ code: 'auth/malformed-totp-secret' }));
  });
});
