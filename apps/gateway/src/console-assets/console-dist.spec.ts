import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { locateConsoleDist } from './console-dist';

/** A repository tree: the console's workspace, and the module in its sources and compiled. */
function tree(): { repo: string; src: string; compiled: string } {
  const repo = mkdtempSync(path.join(tmpdir(), 'delineo-console-dist-'));
  const src = path.join(repo, 'apps/gateway/src/console-assets');
  const compiled = path.join(repo, 'dist/apps/gateway/src/console-assets');
  mkdirSync(src, { recursive: true });
  mkdirSync(compiled, { recursive: true });
  mkdirSync(path.join(repo, 'apps/console'), { recursive: true });
  writeFileSync(path.join(repo, 'apps/console/package.json'), '{}');
  return { repo, src, compiled };
}

describe('locateConsoleDist', () => {
  it('finds apps/console/dist from the sources and from the compiled module alike', () => {
    const { repo, src, compiled } = tree();
    const want = path.join(repo, 'apps/console/dist');
    expect(locateConsoleDist(src)).toBe(want); // not built yet: the workspace's dist
    mkdirSync(want);
    writeFileSync(path.join(want, 'index.html'), '<!doctype html>');
    expect(locateConsoleDist(src)).toBe(want);
    expect(locateConsoleDist(compiled)).toBe(want);
    rmSync(repo, { recursive: true, force: true });
  });

  it('prefers a built console over a nearer folder named apps/console without a build', () => {
    const { repo, compiled } = tree();
    mkdirSync(path.join(repo, 'dist/apps/console/src'), { recursive: true }); // what tsc may emit
    mkdirSync(path.join(repo, 'apps/console/dist'));
    writeFileSync(path.join(repo, 'apps/console/dist/index.html'), '<!doctype html>');
    expect(locateConsoleDist(compiled)).toBe(path.join(repo, 'apps/console/dist'));
    rmSync(repo, { recursive: true, force: true });
  });

  it('finds this repository’s console from its own directory', () => {
    expect(locateConsoleDist()).toBe(path.resolve(__dirname, '../../../console/dist'));
  });
});
