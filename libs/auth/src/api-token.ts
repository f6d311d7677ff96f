import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time';
import { AuthError } from './errors';

/**
 * A recognisable prefix lets secret scanners and log redaction find leaked tokens, and tells a
 * reader at once what kind of credential they hold.
 */
export const API_TOKEN_PREFIX = 'dln_';
/** 9 random bytes → 12 base64url characters (RFC 4648 §5): a lookup key, not a secret. */
const ID_BYTES = 9;
/** 256 random bits → 43 base64url characters without padding. */
const SECRET_BYTES = 32;
const TOKEN = /^dln_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;
const TOKEN_LENGTH = API_TOKEN_PREFIX.length + 12 + 1 + 43;
const STORED_HASH = /^[0-9a-f]{64}$/;

export interface GeneratedApiToken {
  /** `dln_<id>_<secret>`: shown to the user once, never stored. */
  token: string;
  /** Stored in clear: finds the row without scanning or comparing secrets. */
  id: string;
  /** Stored: hex SHA-256 of the secret. */
  hash: string;
}

/**
 * A new API token. Only `hash = SHA-256(secret)` is kept: a secret of 256 uniformly random bits
 * cannot be brute-forced, so a slow password KDF would add latency to every request and no safety.
 * The id and the secret are fixed-length, so `_` or `-` inside either never makes parsing ambiguous.
 */
export function generateApiToken(): GeneratedApiToken {
  const id = randomBytes(ID_BYTES).toString('base64url');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${API_TOKEN_PREFIX}${id}_${secret}`, id, hash: hashSecret(secret) };
}

/**
 * Splits a presented token into its id and secret, or `undefined` when it is not exactly
 * `dln_` + 12 + `_` + 43 base64url characters. The length is checked before anything else, so an
 * oversized header costs nothing. Callers answer `undefined` with `auth/malformed-token`.
 */
export function parseApiToken(text: string): { id: string; secret: string } | undefined {
  if (typeof text !== 'string' || text.length !== TOKEN_LENGTH) return undefined;
  const m = TOKEN.exec(text);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** Compares SHA-256(secret) with the stored hex digest in constant time. */
export function verifyApiToken(secret: string, storedHash: string): boolean {
  if (!STORED_HASH.test(storedHash)) {
    throw new AuthError('auth/malformed-hash', 'stored API token hash is not 64 lower-case hex digits');
  }
  return constantTimeEqual(hashSecret(secret), storedHash);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What a token may do; a token carries a subset chosen when it is created. */
export const API_SCOPES = ['dicomweb:read', 'dicomweb:write', 'status:read', 'pipeline:operate', 'admin'] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);
}

/**
 * Checks a requested scope list: duplicates dropped, `API_SCOPES` order, so equal grants compare and
 * store equal. Throws `auth/unknown-scope` listing every unknown entry.
 */
export function validateApiScopes(scopes: readonly string[]): ApiScope[] {
  const unknown = scopes.filter((s) => !isApiScope(s));
  if (unknown.length > 0) {
    const problems = unknown.map((s) => `unknown API scope ${JSON.stringify(s.slice(0, 64))}`);
    throw new AuthError('auth/unknown-scope', `${unknown.length} unknown API scope(s)`, problems);
  }
  return API_SCOPES.filter((s) => scopes.includes(s));
}
