import { createHash } from 'node:crypto';
import {
  ApiTokenRepository,
  AuditRepository,
  AuthNonceRepository,
  AuthThrottleRepository,
  SessionRepository,
  UserRepository,
  type AuditRow,
} from '../src';
import { describeEachBackend } from './backends';

const link =
  (action: string) =>
  (prev: { seq: number; hash: string } | undefined): AuditRow => {
    const prevHash = prev?.hash ?? '0'.repeat(64);
    return {
      seq: (prev?.seq ?? 0) + 1,
      time: new Date(),
      actorType: 'system',
      actorId: 'test',
      action,
      target: null,
      outcome: 'success',
      sourceAddress: null,
      requestId: null,
      details: null,
      prevHash,
      hash: createHash('sha256')
        .update(prevHash + action)
        .digest('hex'),
    };
  };

describeEachBackend('identity repositories', (db) => {
  const users = () => new UserRepository(db().ds);

  beforeEach(async () => {
    await db().ds.query('TRUNCATE "auth_session", "api_token", "auth_nonce", "auth_throttle", "app_user"');
  });

  it('provisions an IdP user once and refreshes its roles at every sign-in', async () => {
    const first = await users().upsertExternal({
      authMethod: 'saml',
      externalId: 'alice@idp',
      username: 'saml:alice@idp',
      email: 'a@h',
      displayName: 'A',
      roles: ['admin'],
    });
    const again = await users().upsertExternal({
      authMethod: 'saml',
      externalId: 'alice@idp',
      username: 'saml:alice@idp',
      email: 'a@h',
      displayName: 'A',
      roles: [],
    });
    expect(again.id).toBe(first.id);
    expect(again.roles).toEqual([]);
  });

  it('accepts each TOTP time step once, and only a later one after it', async () => {
    const u = await users().createLocal({
      username: 'admin',
      passwordHash: 'x',
      roles: ['admin'],
      mustChangePassword: true,
    });
    expect(await users().useTotpStep(u.id, 100)).toBe(true);
    expect(await users().useTotpStep(u.id, 100)).toBe(false);
    expect(await users().useTotpStep(u.id, 99)).toBe(false);
    expect(await users().useTotpStep(u.id, 101)).toBe(true);
  });

  it('burns a recovery code once, by position and hash', async () => {
    const u = await users().createLocal({
      username: 'admin',
      passwordHash: 'x',
      roles: ['admin'],
      mustChangePassword: false,
    });
    await users().setPendingTotp(u.id, { v: 1 });
    expect(await users().confirmTotp(u.id, 5, ['h0', 'h1'])).toBe(true);
    expect(await users().confirmTotp(u.id, 6, ['h2'])).toBe(false); // already enrolled
    expect(await users().useRecoveryCode(u.id, 1, 'h0')).toBe(false);
    expect(await users().useRecoveryCode(u.id, 1, 'h1')).toBe(true);
    expect(await users().useRecoveryCode(u.id, 1, 'h1')).toBe(false);
    expect((await users().findById(u.id))?.recoveryCodes).toEqual(['h0', null]);
  });

  it('keeps sessions server-side: find with the user, slide, end by IdP session, purge when idle or expired', async () => {
    const sessions = new SessionRepository(db().ds);
    const u = await users().createLocal({
      username: 'admin',
      passwordHash: 'x',
      roles: ['admin'],
      mustChangePassword: false,
    });
    const base = {
      userId: u.id,
      authMethod: 'saml',
      csrfToken: 'c',
      restricted: false,
      sourceAddress: null,
      expiresAt: new Date(Date.now() + 3_600_000),
    };
    await sessions.create({ ...base, idHash: 'a', idpSession: { nameId: 'alice', sessionIndex: 's1' } });
    await sessions.create({ ...base, idHash: 'b', idpSession: { nameId: 'alice', sessionIndex: 's2' } });
    expect((await sessions.find('a'))?.user.username).toBe('admin');
    expect(await sessions.deleteByIdpSession({ nameId: 'alice', sessionIndex: 's1' })).toBe(1);
    expect(await sessions.find('a')).toBeNull();
    expect(await sessions.purgeExpired(new Date(), new Date(Date.now() - 60_000))).toBe(0);
    expect(await sessions.purgeExpired(new Date(), new Date(Date.now() + 60_000))).toBe(1);
  });

  it('revokes a token once and records use at most once per interval', async () => {
    const tokens = new ApiTokenRepository(db().ds);
    await tokens.create({
      id: 't1',
      name: 'ci',
      secretHash: 'h',
      scopes: ['dicomweb:read'],
      source: null,
      createdBy: 'cli',
      expiresAt: null,
    });
    const now = new Date();
    await tokens.touch('t1', now, 60_000);
    await tokens.touch('t1', new Date(now.getTime() + 1000), 60_000);
    expect((await tokens.find('t1'))?.lastUsedAt?.getTime()).toBe(now.getTime());
    expect(await tokens.revoke('t1')).toBe(true);
    expect(await tokens.revoke('t1')).toBe(false);
  });

  it('consumes a one-time value exactly once and never after it expired', async () => {
    const nonces = new AuthNonceRepository(db().ds);
    const now = new Date();
    await nonces.save('id-1', 'saml-request', new Date(now.getTime() + 60_000));
    await nonces.save('id-2', 'saml-request', new Date(now.getTime() - 1));
    expect(await nonces.consume('id-1', 'oidc-flow', now)).toBeUndefined();
    expect(await nonces.consume('id-1', 'saml-request', now)).toEqual({ data: null });
    expect(await nonces.consume('id-1', 'saml-request', now)).toBeUndefined();
    expect(await nonces.consume('id-2', 'saml-request', now)).toBeUndefined();
    const later = new Date(now.getTime() + 60_000);
    expect(await nonces.claim('assertion-1', 'saml-assertion', later, now)).toBe(true);
    expect(await nonces.claim('assertion-1', 'saml-assertion', later, now)).toBe(false);
    expect(await nonces.claim('assertion-1', 'saml-assertion', new Date(later.getTime() + 60_000), later)).toBe(true); // expired record
  });

  it('locks a key after too many failures in the window', async () => {
    const throttle = new AuthThrottleRepository(db().ds);
    const p = { windowMs: 60_000, maxFailures: 3, lockMs: 300_000 };
    const now = new Date();
    expect((await throttle.fail('user:x', now, p)).lockedUntil).toBeUndefined();
    expect((await throttle.fail('user:x', now, p)).lockedUntil).toBeUndefined();
    const locked = await throttle.fail('user:x', now, p);
    expect(locked.lockedUntil?.getTime()).toBe(now.getTime() + 300_000);
    expect(await throttle.lockedUntil('user:x', new Date(now.getTime() + 1000))).toBeDefined();
    await throttle.reset('user:x');
    expect(await throttle.lockedUntil('user:x', now)).toBeUndefined();
  });

  it('extends one gap-free chain under concurrent appends, and the table refuses updates and deletes', async () => {
    const audit = new AuditRepository(db().ds);
    const before = (await audit.last())?.seq ?? 0;
    await Promise.all(Array.from({ length: 12 }, (_, i) => audit.append(link(`a${i}`))));
    const rows: AuditRow[] = [];
    for await (const r of audit.all(5)) rows.push(r);
    const mine = rows.filter((r) => r.seq > before);
    expect(mine.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => before + i + 1));
    for (let i = 1; i < mine.length; i++) expect(mine[i].prevHash).toBe(mine[i - 1].hash);
    await expect(db().ds.query(`UPDATE "audit_log" SET "action" = 'x' WHERE "seq" = $1`, [before + 1])).rejects.toThrow(
      /append-only/,
    );
    await expect(db().ds.query(`DELETE FROM "audit_log" WHERE "seq" = $1`, [before + 1])).rejects.toThrow(
      /append-only/,
    );
    expect((await audit.search({ action: 'a3', limit: 10 })).map((r) => r.action)).toEqual(['a3']);
  });
});
