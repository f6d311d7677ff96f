/**
 * Child processes for the ingest benchmark: long-running peers (each in its own process group, so
 * storescp --fork children go with it) and short-lived clients (storescu). Every process started here
 * is tracked and stopped by its id in stopAll(), which the benchmark calls on exit, error and SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { freePort, portAccepts } from '../../test-support/ports';

export { freePort };

const servers = new Set<Server>();
const clients = new Set<ChildProcess>();

export interface Server {
  name: string;
  pid: number;
  logPath: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a peer with stdout/stderr to `logPath`; stop() sends SIGTERM to its group, then SIGKILL after 10 s. */
export function startServer(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logPath: string,
  cwd?: string,
): Server {
  const fd = openSync(logPath, 'a');
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  let done = false;
  child.once('exit', () => (done = true));
  const server: Server = {
    name,
    pid,
    logPath,
    exited,
    async stop() {
      servers.delete(server);
      if (done) return;
      signalGroup(pid, 'SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) signalGroup(pid, 'SIGKILL');
      await Promise.race([exited, sleep(2_000)]);
    },
  };
  servers.add(server);
  return server;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export interface ClientResult {
  code: number | null;
  output: string;
}

/** Runs a client to completion, collecting its output (storescu is quiet unless something fails). */
export function runClient(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<ClientResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    clients.add(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) => {
      clients.delete(child);
      resolve({ code: -1, output: `${output}${err.message}` });
    });
    child.once('close', (code) => {
      clients.delete(child);
      resolve({ code, output });
    });
  });
}

export async function stopAll(): Promise<void> {
  for (const c of clients) if (c.pid !== undefined && c.exitCode === null) c.kill('SIGKILL');
  await Promise.all([...servers].map((s) => s.stop()));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `ready()` is true; fails early if the server exits, with the tail of its log. */
export async function waitUntil(
  server: Server,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  let exitCode: number | null | undefined;
  void server.exited.then((c) => (exitCode = c));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`${server.name} exited (${exitCode}) before ${what}\n${logTail(server.logPath)}`);
    if (await ready().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${server.name}: timed out waiting for ${what}\n${logTail(server.logPath)}`);
}

export function waitForPort(server: Server, port: number, timeoutMs?: number): Promise<void> {
  return waitUntil(server, `port ${port} to accept connections`, () => portAccepts(port), timeoutMs);
}

export function logTail(path: string, lines = 20): string {
  try {
    const tail = readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines);
    return tail.map((l) => `    | ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`).join('\n');
  } catch {
    return '    | (no log)';
  }
}
