/**
 * Both process entry points (libs/observability runService): a bad configuration exits 2 and lists
 * every issue by its variable name, never the value.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const run = (main: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, main)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('process entry points', () => {
  it('the gateway exits 2 on a bad configuration, naming each problem', () => {
    const r = run('apps/gateway/src/main.ts', { HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://u:hunter2@h/db' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/HTTP_PORT/);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('the worker exits 2 without REDIS_URL', () => {
    const r = run('apps/worker/src/main.ts', { ONNX_PROVIDERS: 'tpu' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/REDIS_URL/);
    expect(r.stderr).toMatch(/ONNX_PROVIDERS/);
  });
});
