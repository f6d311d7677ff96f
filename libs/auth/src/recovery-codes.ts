import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time';
import { AuthError } from './errors';

/**
 * Crockford's base32 alphabet, lower-cased. It has no i, l, o or u, so a printed code has no pair of
 * look-alike symbols, and typed look-alikes are mapped back (o → 0, i and l → 1) as Crockford decodes.
 * 32 symbols: each is exactly 5 random bits, with no modulo bias.
 */
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 12 symbols × 5 bits = 60 bits of entropy per code, shown as `xxxx-xxxx-xxxx`. */
const SYMBOLS = 12;
const MAX_COUNT = 100;
const STORED = /^sha256\$([0-9a-f]{32})\$([0-9a-f]{64})$/;

export interface RecoveryCodes {
  /** Shown to the user once, never stored. */
  codes: string[];
  /** What is stored, one per code, in the same order. */
  hashes: string[];
}

/**
 * Why a fast hash (SHA-256) is enough here when passwords need scrypt: a slow KDF makes up for the
 * low entropy of human-chosen secrets, whose likely values an attacker with the stored hashes can
 * enumerate. These codes are uniformly random with 60 bits: finding one costs 2^59 hashes on average,
 * and each stored hash has its own 128-bit salt, so one search cannot attack every user's codes at once
 * and no precomputed table helps. A code is single-use and only stands in for the second factor.
 * Verifying stays cheap, so trying codes is no denial-of-service lever on the server.
 */
export function generateRecoveryCodes(count = 10): RecoveryCodes {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new AuthError('auth/invalid-parameter', `recovery code count must be an integer in 1..${MAX_COUNT}`);
  }
  const unique = new Set<string>();
  while (unique.size < count) {
    unique.add([...randomBytes(SYMBOLS)].map((b) => RECOVERY_CODE_ALPHABET[b & 31]).join(''));
  }
  const symbols = [...unique];
  return {
    codes: symbols.map((s) => `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`),
    hashes: symbols.map(hashCode),
  };
}

/**
 * Finds the stored hash that `input` matches and returns its index, or `undefined`. Input is
 * normalised first (case, dashes, spaces, look-alikes). `null` entries are codes already consumed:
 * the caller nulls or deletes the returned index in the same transaction that accepts the login.
 * Every entry is checked, in constant time, whatever matched earlier.
 */
export function consumeRecoveryCode(hashes: ReadonlyArray<string | null>, input: string): number | undefined {
  const code = typeof input === 'string' && input.length <= 64 ? normalise(input) : undefined;
  let found: number | undefined;
  hashes.forEach((stored, index) => {
    if (stored === null) return;
    const m = STORED.exec(stored);
    if (!m) throw new AuthError('auth/malformed-hash', 'stored recovery code hash is not sha256$<salt>$<digest>');
    if (code !== undefined && constantTimeEqual(digest(Buffer.from(m[1], 'hex'), code), m[2]) && found === undefined) {
      found = index;
    }
  });
  return found;
}

/** Lower case, no separators, Crockford look-alikes mapped; undefined unless 12 alphabet symbols remain. */
function normalise(input: string): string | undefined {
  const s = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return s.length === SYMBOLS && [...s].every((c) => RECOVERY_CODE_ALPHABET.includes(c)) ? s : undefined;
}

function hashCode(normalised: string): string {
  const salt = randomBytes(16);
  return `sha256$${salt.toString('hex')}$${digest(salt, normalised)}`;
}

function digest(salt: Buffer, normalised: string): string {
  return createHash('sha256').update(salt).update(normalised, 'utf8').digest('hex');
}
