import { createHmac, randomBytes } from 'node:crypto';
import { base32Encode } from './base32';
import { constantTimeEqual } from './constant-time';
import { AuthError } from './errors';

/** RFC 6238 §4.1 X, the time step; the default every authenticator app assumes. */
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 4226 §5.3: at least 6 digits. */
export const TOTP_DIGITS = 6;
/** RFC 4226 §4 R6: the shared secret MUST be at least 128 bits; 160 are RECOMMENDED (we generate 160). */
const MIN_SECRET_BYTES = 16;
const MAX_WINDOW = 10;

/** A fresh 160-bit shared secret (RFC 4226 §4 R6, the HMAC-SHA-1 output size; §7.5 random generation). */
export function generateTotpSecret(): Buffer {
  return randomBytes(20);
}

/**
 * RFC 4226 §5.3: HOTP(K, C) = Truncate(HMAC-SHA-1(K, C)) mod 10^Digit, with C the 8-byte big-endian
 * counter and Truncate the dynamic truncation of §5.4 (offset from the low nibble of the last byte,
 * 31 bits read from there).
 */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  checkSecret(secret);
  checkDigits(digits);
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new AuthError('auth/invalid-parameter', 'HOTP counter must be a non-negative safe integer');
  }
  const c = Buffer.alloc(8);
  c.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(c).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((unix time - T0) / X), with T0 = 0 and X = 30 s. */
export function totpStep(now: Date, period = TOTP_PERIOD_SECONDS): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms) || ms < 0) {
    throw new AuthError('auth/invalid-parameter', 'TOTP time must be a valid date after 1970');
  }
  return Math.floor(ms / 1000 / period);
}

/** RFC 6238 §4.2: TOTP = HOTP(K, T). */
export function totp(secret: Uint8Array, now: Date, digits = TOTP_DIGITS): string {
  return hotp(secret, totpStep(now), digits);
}

export interface VerifyTotpOptions {
  /** The verifier's clock; the lib reads none. */
  now: Date;
  /** Steps accepted on each side of `now` (RFC 6238 §5.2 recommends at most one). */
  window?: number;
  /** The step of the last code accepted for this secret: it and every earlier step are refused. */
  lastUsedStep?: number;
  digits?: number;
}

/**
 * Checks a code against the steps `now ± window` and returns the step it matched, or `undefined`.
 * RFC 6238 §5.2: the verifier MUST NOT accept a second use of the same OTP, so the caller stores the
 * returned step and passes it back as `lastUsedStep`; steps at or before it are never candidates (a
 * code older than one already used is refused too). Every candidate is computed and compared in
 * constant time, so timing does not reveal which step, or whether any, matched.
 */
export function verifyTotp(secret: Uint8Array, code: string, options: VerifyTotpOptions): number | undefined {
  const { now, window = 1, lastUsedStep, digits = TOTP_DIGITS } = options;
  if (!Number.isSafeInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new AuthError('auth/invalid-parameter', `TOTP window must be an integer in 0..${MAX_WINDOW}`);
  }
  checkSecret(secret);
  checkDigits(digits);
  if (typeof code !== 'string' || code.length > 16) return undefined;
  const typed = code.replace(/\s/g, '');
  if (!new RegExp(`^[0-9]{${digits}}$`).test(typed)) return undefined;
  const current = totpStep(now);
  let matched: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0 || (lastUsedStep !== undefined && step <= lastUsedStep)) continue;
    if (constantTimeEqual(hotp(secret, step, digits), typed)) matched = step;
  }
  return matched;
}

export interface TotpUriInput {
  secret: Uint8Array;
  /** The user's account name, e.g. their login or e-mail. */
  account: string;
  /** The service name shown by the authenticator app, e.g. `Delineo`. */
  issuer: string;
}

/**
 * The Key URI Format that authenticator apps read from a QR code (Google Authenticator wiki; not an
 * RFC): `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&…`. Label parts and the issuer are
 * percent-encoded (RFC 3986 §2.1, spaces as %20); neither may contain a colon, the label separator.
 */
export function totpUri({ secret, account, issuer }: TotpUriInput): string {
  checkSecret(secret);
  for (const [name, value] of [
    ['account', account],
    ['issuer', issuer],
  ] as const) {
    if (value.length === 0 || value.includes(':')) {
      throw new AuthError('auth/invalid-parameter', `TOTP URI ${name} must be non-empty and contain no colon`);
    }
  }
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [
    `secret=${base32Encode(secret)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

function checkSecret(secret: Uint8Array): void {
  if (secret.length < MIN_SECRET_BYTES) {
    throw new AuthError('auth/malformed-totp-secret', `TOTP secret must be at least ${MIN_SECRET_BYTES * 8} bits`);
  }
}

function checkDigits(digits: number): void {
  // RFC 4226 §5.3 asks for at least 6; RFC 6238 Appendix B checks 8; apps show 6 or 8.
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new AuthError('auth/invalid-parameter', 'OTP digits must be 6, 7 or 8');
  }
}
