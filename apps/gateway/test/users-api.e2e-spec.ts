import { AuditRepository, SessionRepository, UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import { startTestGateway, type TestGateway } from './harness';

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ path: string; message: string }>;
}
interface UserView {
  id: string;
  username: string;
  roles: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  totpEnrolled: boolean;
}

/** GET/POST/PATCH /api/v1/users and reset-password: admin only, audited, never a secret. */
describe('users API', () => {
  let gw: TestGateway;
  const as = new Map<string, { userId: string; headers: Record<string, string> }>();

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.http}/api/v1/users${path}`, {
      method,
      headers: { ...as.get(who)!.headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as unknown, cache: res.headers.get('cache-control') };
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    for (const role of ['admin', 'operator'] as const) {
      const u = await gw.gw.app
        .get(UserRepository)
        .createLocal({ username: `users-${role}`, passwordHash: 'unused', roles: [role], mustChangePassword: false });
      const s = await gw.gw.app
        .get(SessionService)
        .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
      as.set(role, { userId: u.id, headers: { cookie: s.setCookie.split(';')[0], 'x-csrf-token': s.csrfToken } });
    }
  }, 120_000);
  afterAll(() => gw?.close());

  it('creates a local account with a one-time password that must be changed, shown once and audited', async () => {
    const r = await call('admin', 'POST', '', { username: 'jdoe', roles: ['radiologist'], displayName: 'J. Doe' });
    expect(r.status).toBe(201);
    expect(r.cache).toBe('no-store');
    const body = r.json as { user: UserView; initialPassword: string };
    expect(body.user).toMatchObject({ username: 'jdoe', roles: ['radiologist'], mustChangePassword: true });
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const stored = await gw.gw.app.get(UserRepository).findByUsername('jdoe');
    expect(stored?.passwordHash).not.toContain(body.initialPassword);
    const audit = await gw.gw.app.get(AuditRepository).search({ action: 'user.create', limit: 10 });
    expect(audit.map((a) => a.target)).toContain('jdoe');
    expect(JSON.stringify(audit)).not.toContain(body.initialPassword);
    expect((await call('admin', 'POST', '', { username: 'jdoe', roles: ['admin'] })).status).toBe(409);
  });

  it('lists accounts, paged, without any password hash or TOTP secret', async () => {
    const r = await call('admin', 'GET', '?limit=2&offset=0');
    expect(r.status).toBe(200);
    const page = r.json as { items: UserView[]; total: number; limit: number };
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(r.text).not.toMatch(/passwordHash|password_hash|totpSealed|recoveryCodes|scrypt/i);
  });

  it('answers 400 listing every problem with its path, unknown properties included', async () => {
    const r = await call('admin', 'POST', '', { username: ' bad name', roles: ['admin', 'wizard', 'admin'], x: 1 });
    expect(r.status).toBe(400);
    const p = r.json as Problem;
    expect(p.code).toBe('request/invalid');
    expect([...new Set(p.errors!.map((e) => e.path))].sort()).toEqual(['roles', 'username', 'x']);
    const q = await call('admin', 'GET', '?limit=0&offset=-1&sort=name');
    expect(q.status).toBe(400);
    expect([...new Set((q.json as Problem).errors!.map((e) => e.path))].sort()).toEqual(['limit', 'offset', 'sort']);
    const bad = await call('admin', 'PATCH', `/${as.get('operator')!.userId}`, { roles: 'admin', disabled: 'yes' });
    expect((bad.json as Problem).errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['roles', 'disabled']));
  });

  it('changes roles and disables an account, which ends its sessions; audited', async () => {
    const target = (await gw.gw.app.get(UserRepository).findByUsername('jdoe'))!;
    await gw.gw.app
      .get(SessionService)
      .start({ id: target.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
    const r = await call('admin', 'PATCH', `/${target.id}`, { roles: ['operator', 'auditor'], disabled: true });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ roles: ['operator', 'auditor'], disabled: true });
    expect(await gw.gw.app.get(SessionRepository).deleteForUser(target.id)).toBe(0);
    const audit = await gw.gw.app.get(AuditRepository).search({ action: 'user.update', limit: 10 });
    expect(audit[0]).toMatchObject({ target: 'jdoe', details: { disabled: true, roles: 'operator,auditor' } });
    expect((await call('admin', 'PATCH', '/00000000-0000-4000-8000-000000000000', {})).status).toBe(404);
  });

  it('refuses an administrator removing their own admin role or disabling themselves', async () => {
    const self = as.get('admin')!.userId;
    const a = await call('admin', 'PATCH', `/${self}`, { roles: ['operator'] });
    const b = await call('admin', 'PATCH', `/${self}`, { disabled: true });
    expect([a.status, (a.json as Problem).code, b.status]).toEqual([409, 'users/self-lockout', 409]);
    expect((await gw.gw.app.get(UserRepository).findById(self))?.roles).toEqual(['admin']);
  });

  it('resets a password to a new one-time one, TOTP only when asked', async () => {
    const users = gw.gw.app.get(UserRepository);
    const target = (await users.findByUsername('jdoe'))!;
    await users.setPendingTotp(target.id, { sealed: true });
    await users.confirmTotp(target.id, 1, []);
    const keep = await call('admin', 'POST', `/${target.id}/reset-password`, {});
    expect(keep.status).toBe(200);
    expect(keep.json).toMatchObject({ user: { mustChangePassword: true, totpEnrolled: true } });
    const reset = await call('admin', 'POST', `/${target.id}/reset-password`, { resetTotp: true });
    const body = reset.json as { user: UserView; initialPassword: string };
    expect(body.user.totpEnrolled).toBe(false);
    expect(body.initialPassword).not.toBe((keep.json as { initialPassword: string }).initialPassword);
    const audit = await gw.gw.app.get(AuditRepository).search({ action: 'user.reset-password', limit: 10 });
    expect(audit.map((a) => a.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resetTotp: true }),
        expect.objectContaining({ resetTotp: false }),
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(body.initialPassword);
  });

  it('answers 403 to a non-admin on every users route', async () => {
    const id = as.get('admin')!.userId;
    const outs = await Promise.all([
      call('operator', 'GET', ''),
      call('operator', 'POST', '', { username: 'x', roles: ['admin'] }),
      call('operator', 'PATCH', `/${id}`, { disabled: true }),
      call('operator', 'POST', `/${id}/reset-password`, {}),
    ]);
    expect(outs.map((o) => [o.status, (o.json as Problem).code])).toEqual(Array(4).fill([403, 'access/forbidden']));
  });
});
