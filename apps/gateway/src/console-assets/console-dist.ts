import { existsSync } from 'node:fs';
import path from 'node:path';

/** What the gateway serves at `/`: the SPA's build output (apps/console, `npm run build:console`). */
export const CONSOLE_DIST = Symbol('ConsoleDist');

const DIST = path.join('apps', 'console', 'dist');

/**
 * Finds apps/console/dist from this module's own directory, walking up: the same code runs from
 * its sources (apps/gateway/src/console-assets under tsx or jest) and compiled
 * (dist/apps/gateway/src/console-assets), so no fixed number of `..` fits both. A built console
 * wins; else the workspace that holds the console's sources (not built yet: the middleware answers
 * 503); else the repository layout's own guess. No setting: the console ships with the gateway.
 */
export function locateConsoleDist(from: string = __dirname): string {
  const ancestors: string[] = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  const built = ancestors.find((a) => existsSync(path.join(a, DIST, 'index.html')));
  if (built) return path.join(built, DIST);
  const workspace = ancestors.find((a) => existsSync(path.join(a, 'apps', 'console', 'package.json')));
  return path.join(workspace ?? path.resolve(from, '../../../..'), DIST);
}
