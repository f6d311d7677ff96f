import { AuthError } from './errors';

/** RFC 4648 §6 base32 alphabet; authenticator apps expect it for the `secret` of a key URI. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * RFC 4648 §6 base32 without the `=` padding (§3.2 allows omitting it where the length is known;
 * the Key URI format asks for it to be omitted).
 */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes RFC 4648 §6 base32, case-insensitively, with or without trailing `=` padding. Refuses
 * impossible lengths (a final quantum of 1, 3 or 6 characters encodes no whole byte) and, per §3.5,
 * non-zero pad bits, so every byte string has exactly one accepted encoding.
 */
export function base32Decode(text: string): Buffer {
  const s = text.toUpperCase().replace(/=+$/, '');
  if ([1, 3, 6].includes(s.length % 8)) throw malformed('has an impossible length');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of s) {
    const v = VALUES.get(c);
    if (v === undefined) throw malformed('contains a character outside the RFC 4648 base32 alphabet');
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) throw malformed('has non-zero pad bits (RFC 4648 §3.5)');
  return Buffer.from(out);
}

function malformed(problem: string): AuthError {
  return new AuthError('auth/malformed-totp-secret', `base32 TOTP secret ${problem}`);
}
