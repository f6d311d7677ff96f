import { spawnSync } from 'node:child_process';
import { REQUIRE_PEERS } from '../../../../test-support/require-peer';

/** The system Python with python3-pydicom (apt); a pyenv `python3` on PATH usually lacks it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const cache = new Map<string, boolean>();

function probe(key: string, run: () => boolean): boolean {
  if (!cache.has(key)) cache.set(key, run());
  return cache.get(key)!;
}

export const hasTool = (tool: string): boolean =>
  probe(tool, () => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

export const hasPydicom = (): boolean =>
  probe('pydicom', () => spawnSync(SYSTEM_PYTHON, ['-c', 'import pydicom, numpy'], { timeout: 20000 }).status === 0);

/**
 * `describe` when every tool is there; skipped when one is missing and peers are optional; in CI
 * (DELINEO_REQUIRE_PEERS=1, test-support/require-peer.ts) a missing tool fails the suite instead.
 */
export function describeWithTools(name: string, tools: string[], fn: () => void): void {
  const missing = tools.filter((t) => (t === 'pydicom' ? !hasPydicom() : !hasTool(t)));
  if (missing.length === 0) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (missing ${missing.join(', ')})`, fn);
  describe(name, () => {
    it('has its tools installed (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`missing: ${missing.join(', ')}`);
    });
  });
}
