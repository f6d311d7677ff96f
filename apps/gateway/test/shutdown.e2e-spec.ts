/**
 * `npm start`'s process, as a real child (node + tsx on the sources, embedded mode), stopped the
 * way an operator or a container runtime stops it: SIGTERM or SIGINT must close everything —
 * Nest, the database (PGlite), the object journal — and exit 0, so the next start replays nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../test-support/ports';

const ROOT = path.resolve(__dirname, '../../..');

async function runUntilSignal(dataDir: string, signal: NodeJS.Signals) {
  const [http, dimse] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: dataDir,
    HTTP_PORT: String(http),
    DIMSE_PORT: String(dimse),
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'apps/gateway/src/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, sig) => r({ code, signal: sig })),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${http}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`gateway did not become ready:\n${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const journalsWhileRunning = readdirSync(path.join(dataDir, 'objects', '.journal'));
  child.kill(signal);
  const exit = await exited;
  const events = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => String((JSON.parse(l) as { event?: string }).event ?? ''));
  return { exit, events, journalsWhileRunning };
}

describe('gateway process shutdown', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('closes everything on SIGTERM and exits 0; the next start has no journal to replay and stops on SIGINT', async () => {
    const first = await runUntilSignal(dataDir, 'SIGTERM');
    expect(first.journalsWhileRunning).toHaveLength(1);
    expect(first.events).toContain('shutdown');
    expect(first.exit).toEqual({ code: 0, signal: null });
    const journals = path.join(dataDir, 'objects', '.journal');
    expect(existsSync(journals) ? readdirSync(journals) : []).toEqual([]);

    const second = await runUntilSignal(dataDir, 'SIGINT');
    expect(second.events).toContain('gateway-started');
    expect(second.events).not.toContain('object-journal-replayed');
    expect(second.exit).toEqual({ code: 0, signal: null });
  }, 300_000);
});
