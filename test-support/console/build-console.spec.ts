import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWhenStale, consoleBuildStale } from './build-console';

let root: string;
let app: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'delineo-build-console-'));
  app = path.join(root, 'console');
  mkdirSync(path.join(app, 'src/pages'), { recursive: true });
  writeFileSync(path.join(app, 'src/pages/sign-in.tsx'), 'export {}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const writeBuild = () => {
  mkdirSync(path.join(app, 'dist'), { recursive: true });
  writeFileSync(path.join(app, 'dist/index.html'), '<!doctype html>');
};
const age = (file: string, seconds: number) => {
  const t = new Date(Date.now() - seconds * 1000);
  utimesSync(path.join(app, file), t, t);
};

describe('the console build helper', () => {
  it('calls a build stale when it is missing or older than any source, fresh otherwise', () => {
    expect(consoleBuildStale(app)).toBe(true);
    writeBuild();
    age('src/pages/sign-in.tsx', 60);
    expect(consoleBuildStale(app)).toBe(false);
    age('dist/index.html', 120); // a page edited after the last build
    expect(consoleBuildStale(app)).toBe(true);
  });

  it('builds once when callers race, the others waiting on the lock', async () => {
    const lock = path.join(root, 'build.lock');
    let builds = 0;
    const build = async () => {
      builds++;
      expect(existsSync(lock)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      writeBuild();
    };
    await Promise.all([1, 2, 3].map(() => buildWhenStale({ app, lock, build })));
    expect(builds).toBe(1);
    expect(existsSync(lock)).toBe(false);
    expect(consoleBuildStale(app)).toBe(false);
  });

  it('takes over a lock whose process is gone, and does not build a fresh console', async () => {
    const lock = path.join(root, 'build.lock');
    writeFileSync(lock, '2147483646'); // no such pid
    let builds = 0;
    await buildWhenStale({ app, lock, build: async () => (builds++, writeBuild()) });
    await buildWhenStale({ app, lock, build: async () => (builds++, writeBuild()) });
    expect(builds).toBe(1);
  });

  it('fails with the build error, and frees the lock', async () => {
    const lock = path.join(root, 'build.lock');
    const build = () => Promise.reject(new Error('vite: cannot resolve ./missing'));
    await expect(buildWhenStale({ app, lock, build })).rejects.toThrow('cannot resolve');
    expect(existsSync(lock)).toBe(false);
  });
});
