/**
 * A dcmtk storescp that a test can stop and start again on the same port, so a destination goes
 * down and comes back under the same address: what a PACS does during maintenance. The output
 * directory outlives restarts, and storescp runs with TCP_NODELAY=1 (shared/TESTBED.md "Nagle").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, portAccepts } from '../ports';

/** Bounds a start or a stop that should take well under a second; never a timing assertion. */
const START_LIMIT_MS = 15_000;

export interface RestartableStorescp {
  port: number;
  aet: string;
  /** Where it writes what it receives (kept across restarts). */
  dir: string;
  /** Received files, full paths. */
  files(): string[];
  running(): boolean;
  /** Starts it on `port`; resolves once the port accepts connections. */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and resolves once the process has exited and the port refuses. */
  stop(): Promise<void>;
  /** Stops it and removes `dir`. */
  close(): Promise<void>;
}

export async function restartableStorescp(aet = 'STORESCP', options: string[] = []): Promise<RestartableStorescp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-storescp-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const until = async (cond: () => Promise<boolean>, what: string) => {
    const limit = Date.now() + START_LIMIT_MS;
    while (!(await cond())) {
      if (Date.now() > limit) throw new Error(`storescp on port ${port}: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const alive = () => !!child && child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    if (alive()) child!.kill('SIGTERM');
    await exited;
    child = undefined;
    await until(async () => !(await portAccepts(port)), 'still accepts after stop');
  };

  const start = async () => {
    if (alive()) return;
    const c = spawn('storescp', ['-aet', aet, '-od', dir, ...options, String(port)], {
      env: { ...process.env, TCP_NODELAY: '1' },
      stdio: 'ignore',
    });
    child = c;
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    await until(async () => {
      if (c.exitCode !== null) throw new Error(`storescp exited with ${c.exitCode} on port ${port}`);
      return portAccepts(port);
    }, 'never accepted connections');
  };

  return {
    port,
    aet,
    dir,
    files: () => readdirSync(dir).map((f) => path.join(dir, f)),
    running: alive,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
