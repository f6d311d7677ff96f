/**
 * The audit log's hash chain, checked the way an auditor would: `npm run audit:verify` against a
 * PostgreSQL database the gateway wrote. Changing one record (with the append-only trigger
 * switched off, as only a database owner could) makes it name that record and exit 1.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { hashPassword, verifyPassword } from '@delineo/auth';
import { UserRepository } from '@delineo/db';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './backends';
import { describeWithTools, randomSecrets, startTestGateway } from './harness';

const REPO = path.resolve(__dirname, '../../..');

/** `npm run --silent <script>`; stdout is the command's answer, stderr is appended for diagnostics. */
function verify(env: Record<string, string>, script = ['audit:verify']): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', ...script],
      { cwd: REPO, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + (err ? stderr : '') }),
    );
  });
}

describeWithTools(
  'npm run audit:verify',
  [],
  () => {
    let db: TestDatabase;
    const secrets = randomSecrets();
    let env: Record<string, string>;

    beforeAll(async () => {
      db = await createTestDatabase();
      env = { DATABASE_URL: db.url, ...secrets, DATA_DIR: path.join(tmpdir(), 'delineo-audit-verify') };
      const gw = await startTestGateway({ env: { DATABASE_URL: db.url, ...secrets } });
      await gw.gw.app.get(UserRepository).createLocal({
        username: 'breakglass',
        passwordHash: await hashPassword('old password 123'),
        roles: ['admin'],
        mustChangePassword: false,
      });
      for (const p of ['/dicomweb/studies', '/dicomweb/series', '/api/v1/series']) await gw.fetch(p);
      await gw.fetch('/api/v1/tokens'); // denied: the harness token has no admin scope (access.denied)
      await gw.close();
    }, 120_000);
    afterAll(() => db?.drop());

    it('reports an intact chain with its length', async () => {
      const r = await verify(env);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^audit chain OK: (\d+) records, last seq \1, hash [0-9a-f]{64}$/m);
      expect(Number(/OK: (\d+)/.exec(r.out)![1])).toBeGreaterThanOrEqual(4); // token, 2 searches, 1 denial
    });

    it('creates, lists and revokes a token, and resets a local password, from the command line', async () => {
      const created = await verify(env, [
        'admin',
        '--',
        'create-token',
        '--name',
        'cli-made',
        '--scopes',
        'status:read',
      ]);
      expect(created.code).toBe(0);
      const token = created.out.trim().split('\n').pop()!;
      expect(token).toMatch(/^dln_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
      const id = token.slice(4, 16);
      expect((await verify(env, ['admin', '--', 'list-tokens'])).out).toMatch(
        new RegExp(`^${id}\tcli-made\tstatus:read\t-\tactive$`, 'm'),
      );
      expect((await verify(env, ['admin', '--', 'revoke-token', id])).code).toBe(0);
      expect((await verify(env, ['admin', '--', 'list-tokens'])).out).toMatch(
        new RegExp(`^${id}\tcli-made.*\trevoked$`, 'm'),
      );
      const reset = await verify(env, ['admin', '--', 'reset-password', 'breakglass']);
      expect(reset.code).toBe(0);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const [row] = (
        await c.query(`SELECT password_hash, must_change_password FROM app_user WHERE username = 'breakglass'`)
      ).rows as Array<{ password_hash: string; must_change_password: boolean }>;
      await c.end();
      expect(await verifyPassword(reset.out.trim().split('\n').pop()!, row.password_hash)).toBe(true);
      expect(row.must_change_password).toBe(true);
      expect((await verify(env, ['admin', '--', 'reset-password', 'nobody'])).code).toBe(1);
    });

    it('names the first changed record and exits 1', async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        await expect(c.query(`UPDATE audit_log SET action = 'token.revoke' WHERE seq = 3`)).rejects.toThrow(
          /append-only/,
        );
        await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await c.query(`UPDATE audit_log SET action = 'token.revoke' WHERE seq = 3`);
        await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      } finally {
        await c.end();
      }
      const r = await verify(env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('audit chain BROKEN at seq 3 (hash-mismatch)');
    });
  },
  [testDatabaseUrl()],
);
