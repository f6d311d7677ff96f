/**
 * The gateway as a real child process (node + tsx on the sources, embedded mode, `npm start`'s
 * entry point), for tests and tools that attack it: its memory is its own (read from /proc, not
 * mixed with Jest's), a crash is an exit we can see, and it is killed whatever the test does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { freePort } from './ports';

const ROOT = path.resolve(__dirname, '..');

export interface GatewayProcess {
  child: ChildProcess;
  http: string;
  dimsePort: number;
  aeTitle: string;
  /** A token with dicomweb:read and dicomweb:write (source `fuzz`), made through the admin API. */
  token: string;
  /** The bootstrap token (scope admin: tokens, audit). */
  adminToken: string;
  /** Resident set size now, and the peak so far (VmHWM), in bytes; 0 once the process is gone. */
  rss(): { now: number; peak: number };
  /** True until the process exits. */
  alive(): boolean;
  exitCode(): number | null | undefined;
  /** The gateway's JSON log lines so far. */
  lines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface GatewayProcessOptions {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Node's --max-old-space-size, in MiB (default: Node's own). */
  maxOldSpaceMb?: number;
  readyTimeoutMs?: number;
}

export async function startGatewayProcess(opts: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-gwproc-'));
  const [httpPort, dimsePort] = [await freePort(), await freePort()];
  const admin = randomBytes(32).toString('base64url');
  writeFileSync(path.join(dir, 'admin-token'), `${admin}\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, 'settings.yaml'), dump(opts.settings ?? {}));
  const aeTitle = 'DELINEO';
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: path.join(dir, 'data'),
    DELINEO_CONFIG: path.join(dir, 'settings.yaml'),
    DELINEO_BOOTSTRAP_TOKEN_FILE: path.join(dir, 'admin-token'),
    HTTP_PORT: String(httpPort),
    DIMSE_PORT: String(dimsePort),
    DIMSE_AE_TITLE: aeTitle,
    LOG_LEVEL: 'info',
    ...opts.env,
  };
  const nodeArgs = opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--require', 'tsx/cjs', path.join(ROOT, 'apps/gateway/src/main.ts')],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let exit: number | null | undefined;
  const keep = (b: Buffer): void => {
    out += b.toString('utf8');
    if (out.length > 8 << 20) out = out.slice(-(4 << 20)); // a flood logs a lot: keep the tail
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exit = code;
      resolve();
    }),
  );
  const http = `http://127.0.0.1:${httpPort}`;
  const gp: GatewayProcess = {
    child,
    http,
    dimsePort,
    aeTitle,
    token: '',
    adminToken: admin,
    rss: () => readRss(child.pid),
    alive: () => exit === undefined,
    exitCode: () => exit,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    close: async () => {
      if (exit === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitReady(gp, opts.readyTimeoutMs ?? 120_000, () => out);
    gp.token = await makeToken(http, admin);
  } catch (err) {
    await gp.close();
    throw err;
  }
  return gp;
}

async function waitReady(gp: GatewayProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!gp.alive()) throw new Error(`gateway exited (${gp.exitCode()}) before ready:\n${output().slice(-4000)}`);
    const ok = await fetch(`${gp.http}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gateway not ready within ${timeoutMs} ms:\n${output().slice(-4000)}`);
}

async function makeToken(http: string, admin: string): Promise<string> {
  const r = await fetch(`${http}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'fuzz', scopes: ['dicomweb:read', 'dicomweb:write'], source: 'fuzz' }),
  });
  if (r.status !== 201) throw new Error(`token create: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { token?: string };
  if (!body.token) throw new Error('token create: no token in the reply');
  return body.token;
}

function readRss(pid: number | undefined): { now: number; peak: number } {
  if (!pid) return { now: 0, peak: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { now: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { now: 0, peak: 0 };
  }
}
