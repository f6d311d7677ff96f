/** Builds dist/ when it is missing or older than any source the gateway is compiled from. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', 'test', 'testing']);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (SKIP.has(e.name) || /\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) continue;
    if (e.isDirectory() || e.name.endsWith('.ts') || e.name.endsWith('.json'))
      newest = Math.max(newest, newestMtime(join(path, e.name)));
  }
  return newest;
}

export function ensureBuilt(repoRoot: string, force: boolean): void {
  const outputs = ['dist/apps/gateway/src/main.js', 'dist/libs/db/src/migrate.js'].map((p) => join(repoRoot, p));
  const built = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  const sources = Math.max(
    ...['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((p) =>
      newestMtime(join(repoRoot, p)),
    ),
  );
  if (!force && built > 0 && built >= sources) return;
  console.log(built === 0 ? 'dist/ is missing: npm run build' : 'dist/ is older than the sources: npm run build');
  // tsc emits even when it reports errors: check first, so a broken working tree leaves dist/ as it was.
  const check = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmit'], { cwd: repoRoot, stdio: 'inherit' });
  if (check.status !== 0)
    throw new Error(
      'the sources do not compile (dist/ left untouched); fix them, or pass --no-build to bench the existing dist/',
    );
  const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
}
