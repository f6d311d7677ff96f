import { groupsFromClaim, identityFromClaims } from './oidc-claims.mapper';
import { OidcError, safeOauthError } from './oidc-errors';

const ID = { iss: 'https://login.example', sub: 'u-1' };

describe('groupsFromClaim', () => {
  it.each([
    [{ groups: ['a', 'b', 'a'] }, ['a', 'b']],
    [{ groups: 'pacs-admins' }, ['pacs-admins']],
    [{ groups: [] }, []],
    [{}, undefined],
    [{ groups: null }, undefined],
  ])('reads %j as %j', (claims, expected) => {
    expect(groupsFromClaim(claims, 'groups')).toEqual(expected);
  });

  it.each([[{ groups: 7 }], [{ groups: ['a', 1] }], [{ groups: { a: true } }]])(
    'refuses a malformed claim %j without echoing its value',
    (claims) => {
      const run = (): unknown => groupsFromClaim(claims, 'groups');
      expect(run).toThrow(OidcError);
      expect(run).toThrow(expect.objectContaining({ code: 'oidc/invalid-claims' }));
      expect(run).toThrow(/^the "groups" claim is not a string or an array of strings$/);
    },
  );

  it('reads a custom claim name', () => {
    expect(groupsFromClaim({ roles: ['x'] }, 'roles')).toEqual(['x']);
  });
});

describe('identityFromClaims', () => {
  it('prefers ID token claims and fills the rest from UserInfo', () => {
    const identity = identityFromClaims(
      { ...ID, name: 'From ID token' },
      { sub: 'u-1', name: 'ignored', email: 'u@x.test', email_verified: false, groups: ['g'] },
      'groups',
      'h.p.s',
    );
    expect(identity).toEqual({
      subject: 'u-1',
      issuer: 'https://login.example',
      email: 'u@x.test',
      emailVerified: false,
      name: 'From ID token',
      groups: ['g'],
      idToken: 'h.p.s',
    });
  });

  it('takes groups from the ID token when present, even if empty', () => {
    expect(identityFromClaims({ ...ID, groups: [] }, { sub: 'u-1', groups: ['g'] }, 'groups', 't').groups).toEqual([]);
  });

  it('gives no groups and no optional fields when neither source has them', () => {
    expect(identityFromClaims(ID, undefined, 'groups', 't')).toEqual({
      subject: 'u-1',
      issuer: 'https://login.example',
      groups: [],
      idToken: 't',
    });
  });

  it('keeps email_verified with the email it belongs to', () => {
    const identity = identityFromClaims(
      { ...ID, email: 'a@x.test' },
      { sub: 'u-1', email_verified: true },
      'groups',
      't',
    );
    expect(identity.email).toBe('a@x.test');
    expect(identity.emailVerified).toBeUndefined();
  });
});

describe('safeOauthError', () => {
  it('echoes RFC 6749 error codes and nothing else', () => {
    expect(safeOauthError('access_denied')).toBe('access_denied');
    expect(safeOauthError('bad"quote')).toBe('unrecognised');
    expect(safeOauthError('x'.repeat(65))).toBe('unrecognised');
    expect(safeOauthError(undefined)).toBeUndefined();
  });
});
