import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AuthError } from './errors';

/** scrypt cost parameters (RFC 7914 §2): N CPU/memory cost, r block size, p parallelisation. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and roughly 100 ms per hash on one server core. Stored strings carry
 * their own parameters, so raising these later only needs `needsRehash` at the next successful login.
 */
export const SCRYPT_DEFAULTS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds for parameters read back from storage, so a corrupted row cannot demand gigabytes. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const B64 = '[A-Za-z0-9+/]+';
const FORMAT = new RegExp(`^scrypt\\$N=(\\d{1,8}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${B64})\\$(${B64})$`);

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/**
 * Hashes a password into `scrypt$N=32768,r=8,p=1$<salt>$<hash>`: PHC string format fields with
 * unpadded standard base64, a 128-bit random salt and a 256-bit key.
 */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_DEFAULTS): Promise<string> {
  checkParams(params, 'auth/invalid-parameter');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Checks a password against a stored string, with the parameters that string records, comparing in
 * constant time. A stored string that cannot be parsed throws `auth/malformed-password-hash`: that
 * is a data bug, never a wrong password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, hash } = parse(stored);
  const candidate = await derive(password, salt, hash.length, params);
  return timingSafeEqual(candidate, hash);
}

/** True when a stored string is weaker than `target`: re-hash it right after a successful verify. */
export function needsRehash(stored: string, target: ScryptParams = SCRYPT_DEFAULTS): boolean {
  const { params, salt, hash } = parse(stored);
  return (
    params.N < target.N ||
    params.r < target.r ||
    params.p < target.p ||
    salt.length < SALT_BYTES ||
    hash.length < KEY_BYTES
  );
}

/**
 * NIST SP 800-63B §5.1.1.2: passwords SHOULD be normalised with NFKC or NFKD before hashing, so the
 * same characters typed on another keyboard or OS verify. We use NFKC both when hashing and verifying.
 */
function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  // OpenSSL's EVP_PBE_scrypt needs 128·r·(N + p + 2) bytes; Node's 32 MiB default is just short for N = 2^15.
  const maxmem = 128 * r * (N + p + 2);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

function parse(stored: string): ParsedHash {
  const m = typeof stored === 'string' && stored.length <= 512 ? FORMAT.exec(stored) : null;
  if (!m) {
    throw new AuthError('auth/malformed-password-hash', 'stored password hash is not scrypt$N=…,r=…,p=…$salt$hash');
  }
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  checkParams(params, 'auth/malformed-password-hash');
  // NIST SP 800-63B §5.1.1.2: a salt of at least 32 bits. We write 128; shorter ones get `needsRehash`.
  const salt = unb64(m[4]);
  const hash = unb64(m[5]);
  if (!salt || !hash || salt.length < 4 || hash.length < 16 || hash.length > 64) {
    throw new AuthError('auth/malformed-password-hash', 'stored password hash has a bad salt or hash field');
  }
  return { params, salt, hash };
}

/** RFC 7914 §2: N a power of two greater than 1; r·p < 2^30. We also bound memory (128·N·r). */
function checkParams({ N, r, p }: ScryptParams, code: 'auth/invalid-parameter' | 'auth/malformed-password-hash'): void {
  const ok =
    [N, r, p].every((v) => Number.isSafeInteger(v) && v >= 1) &&
    N >= 2 ** 10 &&
    (N & (N - 1)) === 0 &&
    p <= 16 &&
    128 * N * r <= MAX_MEMORY_BYTES;
  if (!ok) {
    throw new AuthError(code, 'scrypt parameters out of bounds (N a power of two ≥ 2^10, p ≤ 16, 128·N·r ≤ 256 MiB)');
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Strict unpadded base64: undefined unless re-encoding gives the same text. */
function unb64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return b64(bytes) === text ? bytes : undefined;
}
