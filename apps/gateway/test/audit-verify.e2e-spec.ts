/**
 * The audit log's hash chain, checked the way an auditor would: `npm run audit:verify` against a
 * PostgreSQL database the gateway wrote. Changing one record (with the append-only trigger
 * switched off, as only a database owner could) makes it name that record and exit 1.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './backends';
import { describeWithTools, randomSecrets, startTestGateway } from './harness';

const REPO = path.resolve(__dirname, '../../..');

function verify(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit:verify'],
      { cwd: REPO, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
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
