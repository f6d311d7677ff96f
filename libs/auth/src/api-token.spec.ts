import { createHash } from 'node:crypto';
import {
  API_SCOPES,
  generateApiToken,
  isApiScope,
  parseApiToken,
  validateApiScopes,
  verifyApiToken,
} from './api-token';
import { AuthError } from './errors';

describe('generateApiToken', () => {
  it('returns dln_<12-char id>_<43-char secret> and only the SHA-256 of the secret to store', () => {
    const { token, id, hash } = generateApiToken();
    expect(token).toMatch(/^dln_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.slice(4, 16)).toBe(id);
    const secret = token.slice(17);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hash).not.toContain(secret);
  });

  it('makes a different id and secret every time', () => {
    const tokens = Array.from({ length: 50 }, () => generateApiToken());
    expect(new Set(tokens.map((t) => t.id)).size).toBe(50);
    expect(new Set(tokens.map((t) => t.token.slice(17))).size).toBe(50);
  });
});

describe('parseApiToken', () => {
  it('round-trips a generated token, even when id or secret contain _ or -', () => {
    for (let i = 0; i < 200; i++) {
      const { token, id, hash } = generateApiToken();
      const parsed = parseApiToken(token);
      expect(parsed?.id).toBe(id);
      expect(verifyApiToken(parsed?.secret ?? '', hash)).toBe(true);
    }
    const tricky = `dln_${'_'.repeat(12)}_${'-'.repeat(42)}A`;
    expect(parseApiToken(tricky)).toEqual({ id: '_'.repeat(12), secret: `${'-'.repeat(42)}A` });
  });

  const good = generateApiToken().token;
  it.each([
    ['an empty string', ''],
    ['another prefix', `ghp_${good.slice(4)}`],
    ['an upper-case prefix', `DLN_${good.slice(4)}`],
    ['a missing separator', good.replace(/^(dln_.{12})_/, '$1-')],
    ['one character short', good.slice(0, -1)],
    ['one character too many', `${good}A`],
    ['a Bearer prefix left on', `Bearer ${good}`],
    ['trailing whitespace', `${good}\n`],
    ['standard base64 characters', `${good.slice(0, -2)}+/`],
    ['padding', `${good.slice(0, -1)}=`],
    ['a megabyte of input', 'dln_'.padEnd(1_000_000, 'A')],
  ])('returns undefined for %s', (_what, text) => {
    expect(parseApiToken(text)).toBeUndefined();
  });

  it('returns undefined for a non-string from untyped input', () => {
    expect(parseApiToken(null as unknown as string)).toBeUndefined();
  });
});

describe('verifyApiToken', () => {
  const { token, hash } = generateApiToken();
  const secret = token.slice(17);

  it('accepts the secret and refuses any other', () => {
    expect(verifyApiToken(secret, hash)).toBe(true);
    expect(verifyApiToken(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, hash)).toBe(false);
    expect(verifyApiToken('', hash)).toBe(false);
    expect(verifyApiToken(secret, generateApiToken().hash)).toBe(false);
  });

  it.each([
    ['an empty stored hash', ''],
    ['upper-case hex', 'A'.repeat(64)],
    ['a truncated digest', 'a'.repeat(63)],
    ['the secret stored in clear', 'x'.repeat(43)],
  ])('throws auth/malformed-hash for %s', (_what, stored) => {
    expect(() => verifyApiToken(secret, stored)).toThrow(expect.objectContaining({ code: 'auth/malformed-hash' }));
  });
});

describe('API scopes', () => {
  it('lists the five scopes', () => {
    expect(API_SCOPES).toEqual(['dicomweb:read', 'dicomweb:write', 'status:read', 'pipeline:operate', 'admin']);
  });

  it.each([...API_SCOPES])('recognises %s', (scope) => {
    expect(isApiScope(scope)).toBe(true);
  });

  it.each(['', 'ADMIN', 'dicomweb:*', 'admin ', 'toString', 42, null, undefined])('does not recognise %p', (value) => {
    expect(isApiScope(value)).toBe(false);
  });

  it('validates a list into API_SCOPES order without duplicates', () => {
    expect(validateApiScopes(['admin', 'dicomweb:read', 'admin'])).toEqual(['dicomweb:read', 'admin']);
    expect(validateApiScopes([])).toEqual([]);
  });

  it('throws auth/unknown-scope listing every unknown entry', () => {
    let caught: unknown;
    try {
      validateApiScopes(['dicomweb:read', 'root', 'dicomweb:delete']);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect(caught).toMatchObject({ code: 'auth/unknown-scope' });
    expect((caught as AuthError).problems).toEqual(['unknown API scope "root"', 'unknown API scope "dicomweb:delete"']);
  });
});
