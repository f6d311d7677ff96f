/**
 * Builds the console (apps/console, `npm run build:console`) once per test run, and only when its
 * build is missing or older than its sources. Jest runs test files in parallel workers: a lock
 * file (O_EXCL create) makes one worker build while the others wait for it and then find the
 * build fresh. A lock left by a dead process (its pid no longer runs) is taken over.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_APP = path.join(REPO_ROOT, 'apps/console');
export const CONSOLE_BUILD = path.join(CONSOLE_APP, 'dist');
const LOCK = path.join(
  tmpdir(),
  `delineo-console-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`,
);
const BUILD_LIMIT_MS = 300_000; // bounds a hung build, never a timing assertion

/** The newest modification time among what the build reads: src/, index.html, its config and package.json. */
export function newestSourceMtime(app = CONSOLE_APP): number {
  let newest = 0;
  const src = path.join(app, 'src');
  const files = existsSync(src)
    ? readdirSync(src, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];
  for (const f of [...files, ...['index.html', 'vite.config.ts', 'package.json'].map((n) => path.join(app, n))]) {
    if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

/** True when dist/index.html is missing or older than the newest source. */
export function consoleBuildStale(app = CONSOLE_APP): boolean {
  const index = path.join(app, 'dist', 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestSourceMtime(app);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock, or answers false while a live process holds it. */
function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(lock, 'utf8').trim() || 'NaN');
    if (Number.isInteger(holder) && alive(holder)) return false;
    unlinkSync(lock); // its builder died: take over on the next try
    return tryLock(lock);
  }
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:console'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer) => (out = (out + b.toString()).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm run build:console exited with ${code}:\n${out}`));
    });
  });
}

/** What to build and how; the defaults are this repository's console and `npm run build:console`. */
export interface BuildTarget {
  app: string;
  lock: string;
  build: () => Promise<void>;
}

/** Builds `app` unless its build is fresh, one caller at a time across processes. */
export async function buildWhenStale({ app, lock, build }: BuildTarget): Promise<void> {
  const until = Date.now() + BUILD_LIMIT_MS;
  while (consoleBuildStale(app)) {
    if (!tryLock(lock)) {
      if (Date.now() > until) throw new Error(`gave up waiting for the console build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (consoleBuildStale(app)) await build(); // another worker may have built it meanwhile
    } finally {
      unlinkSync(lock);
    }
    if (consoleBuildStale(app)) throw new Error(`the build left no fresh ${path.join(app, 'dist/index.html')}`);
  }
}

let once: Promise<string> | undefined;

/** Resolves with apps/console/dist once it holds a build at least as new as the sources. */
export function ensureConsoleBuilt(): Promise<string> {
  once ??= buildWhenStale({ app: CONSOLE_APP, lock: LOCK, build: runBuild }).then(() => CONSOLE_BUILD);
  once.catch(() => (once = undefined));
  return once;
}
