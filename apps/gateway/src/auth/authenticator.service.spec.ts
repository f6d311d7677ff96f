import { generateApiToken } from '@delineo/auth';
import type { ApiTokenEntity, AuthSessionEntity, UserEntity } from '@delineo/db';
import { Authenticator, sessionCookie, sha256 } from './authenticator.service';

const NOW = new Date('2026-12-06T10:00:00Z');
const min = 60_000;

function setup() {
  const g = generateApiToken();
  const token: ApiTokenEntity = {
    id: g.id,
    name: 'ci',
    secretHash: g.hash,
    scopes: ['dicomweb:read', 'nonsense'],
    source: null,
    createdBy: 'test',
    createdAt: NOW,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  };
  const user = {
    id: 'u1',
    username: 'alice',
    displayName: 'Alice',
    email: null,
    roles: ['admin', 'wizard'],
    disabledAt: null,
  } as unknown as UserEntity;
  const session = {
    idHash: sha256('cookie-value'),
    authMethod: 'saml',
    csrfToken: 'csrf',
    restricted: false,
    expiresAt: new Date(NOW.getTime() + 60 * min),
    lastSeenAt: new Date(NOW.getTime() - 5 * min),
  } as AuthSessionEntity;
  const deleted: string[] = [];
  const touched: string[] = [];
  const reads: string[] = [];
  const auth = new Authenticator(
    { find: async (id) => (reads.push(id), id === token.id ? { ...token } : null), touch: async () => undefined },
    {
      find: async (h) => (h === session.idHash ? { session, user } : null),
      touch: async (h) => void touched.push(h),
      delete: async (h) => (deleted.push(h), true),
    },
    { auth: { session: { idleMinutes: 15, absoluteHours: 12 } } } as unknown as ConstructorParameters<
      typeof Authenticator
    >[2],
  );
  return { auth, token, g, user, session, deleted, touched, reads };
}

describe('Authenticator', () => {
  it('resolves a valid bearer token to its known scopes only', async () => {
    const { auth, g } = setup();
    await expect(auth.authenticate({ authorization: `Bearer ${g.token}` }, NOW)).resolves.toEqual({
      kind: 'token',
      tokenId: g.id,
      name: 'ci',
      scopes: ['dicomweb:read'],
      source: null,
    });
  });

  it.each([
    ['a malformed header', () => 'Basic abc'],
    ['an unknown token', () => `Bearer ${generateApiToken().token}`],
    ['a wrong secret for a known id', (t: string) => `Bearer ${t.slice(0, -4)}AAAA`],
    ['an oversized header', () => `Bearer ${'a'.repeat(600)}`],
  ])('refuses %s with 401, never falling back to anonymous', async (_what, header) => {
    const { auth, g } = setup();
    await expect(auth.authenticate({ authorization: header(g.token) }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
  });

  it('reads a token row at most once per 5 s; a revocation made here takes effect at once', async () => {
    const { auth, g, token, reads } = setup();
    const bearer = { authorization: `Bearer ${g.token}` };
    await auth.authenticate(bearer, NOW);
    await auth.authenticate(bearer, new Date(NOW.getTime() + 4_000));
    expect(reads).toHaveLength(1);
    token.revokedAt = NOW; // revoked by another instance: seen once the cached row is 5 s old
    await expect(auth.authenticate(bearer, new Date(NOW.getTime() + 4_500))).resolves.toMatchObject({ kind: 'token' });
    await expect(auth.authenticate(bearer, new Date(NOW.getTime() + 5_001))).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
    const here = setup();
    await here.auth.authenticate({ authorization: `Bearer ${here.g.token}` }, NOW);
    here.token.revokedAt = NOW;
    here.auth.forget(here.token.id);
    await expect(here.auth.authenticate({ authorization: `Bearer ${here.g.token}` }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
  });

  it('refuses a revoked or expired token', async () => {
    const { auth, g, token } = setup();
    token.revokedAt = NOW;
    await expect(auth.authenticate({ authorization: `Bearer ${g.token}` }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
    token.revokedAt = null;
    token.expiresAt = new Date(NOW.getTime() - 1);
    await expect(auth.authenticate({ authorization: `Bearer ${g.token}` }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
  });

  it('resolves a live session cookie to its user and known roles, and slides it', async () => {
    const { auth, session, touched } = setup();
    await expect(auth.authenticate({ cookie: 'a=b; delineo_session=cookie-value; c=d' }, NOW)).resolves.toMatchObject({
      kind: 'user',
      userId: 'u1',
      roles: ['admin'],
      authMethod: 'saml',
      csrfToken: 'csrf',
      restricted: false,
    });
    expect(touched).toEqual([session.idHash]);
  });

  it('logs off automatically after the idle timeout, and at the absolute lifetime', async () => {
    const idle = setup();
    idle.session.lastSeenAt = new Date(NOW.getTime() - 15 * min);
    await expect(idle.auth.authenticate({ cookie: 'delineo_session=cookie-value' }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
    expect(idle.deleted).toEqual([idle.session.idHash]);
    const old = setup();
    old.session.expiresAt = NOW;
    await expect(old.auth.authenticate({ cookie: 'delineo_session=cookie-value' }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
  });

  it('refuses the session of a disabled account, and answers anonymous without any credential', async () => {
    const { auth, user } = setup();
    await expect(auth.authenticate({}, NOW)).resolves.toBeUndefined();
    (user as { disabledAt: Date | null }).disabledAt = NOW;
    await expect(auth.authenticate({ cookie: 'delineo_session=cookie-value' }, NOW)).rejects.toMatchObject({
      code: 'access/unauthenticated',
    });
  });

  it('finds the session cookie among others, and nothing in an oversized header', () => {
    expect(sessionCookie('x=1;delineo_session=abc; y=2')).toBe('abc');
    expect(sessionCookie('delineo_sessionx=abc')).toBeUndefined();
    expect(sessionCookie(`delineo_session=${'a'.repeat(9000)}`)).toBeUndefined();
  });
});
