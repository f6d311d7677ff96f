/**
 * The standalone worker as a real child process (node + tsx on the TypeScript sources), with an
 * environment built from scratch: no DATABASE_URL, no keys, nothing inherited but PATH and HOME.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** The complete environment the process was given. */
  env: Record<string, string>;
  lines(): Record<string, unknown>[];
  events(): string[];
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const fullEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'apps/worker/src/main.ts')], {
    cwd: ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, env: fullEnv, lines, events: () => lines().map((l) => String(l.event ?? '')), exited };
}
