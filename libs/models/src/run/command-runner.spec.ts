import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Volume } from '@delineo/volume';
import { ModelError } from '../errors';
import { runCommand } from './command-runner';

const FAKE = resolve(__dirname, '../../../../test-support/fake-segmenter.cjs');

function volume(): Volume {
  const dims: [number, number, number] = [7, 5, 4];
  const data = Float32Array.from({ length: 140 }, (_, i) => (i % 13) * 10 - 20);
  return {
    dims,
    spacing: [0.8, 0.8, 2],
    origin: [-10, 4, 30],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    sources: [],
  };
}

async function codeOf(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    return e as ModelError;
  }
  throw new Error('expected a rejection');
}

describe('command runner (NIfTI in, NIfTI out)', () => {
  const root = mkdtempSync(join(tmpdir(), 'delineo-cmd-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const argv = (...extra: string[]) => [process.execPath, FAKE, '{input}', '{output}', '40', ...extra];

  it('runs the program on the volume and reads its labels back on the same grid', async () => {
    const vol = volume();
    const labels = await runCommand({ kind: 'command', argv: argv(), timeoutSeconds: 30 }, vol, { tempRoot: root });
    expect(Array.from(labels)).toEqual(Array.from(vol.data, (v) => (v > 80 ? 2 : v > 40 ? 1 : 0)));
    expect(readdirSync(root)).toEqual([]); // the per-run temp dir is gone
  });

  it('kills the program at its timeout and says so with a code', async () => {
    const err = await codeOf(
      runCommand({ kind: 'command', argv: argv('--sleep', '30'), timeoutSeconds: 1 }, volume(), { tempRoot: root }),
    );
    expect(err.code).toBe('models/command-timeout');
    expect(readdirSync(root)).toEqual([]);
  });

  it('reports a failing exit with stderr whose values and paths are redacted', async () => {
    const err = await codeOf(
      runCommand({ kind: 'command', argv: argv('--fail'), timeoutSeconds: 30 }, volume(), { tempRoot: root }),
    );
    expect(err.code).toBe('models/command-failed');
    expect(err.message).toMatch(/exited with 3/);
    const tail = err.problems.join('\n');
    expect(tail).toContain('<tmp>');
    expect(tail).toContain('<uid>');
    expect(tail).not.toMatch(/1\.2\.840|2023-04-05|DOE|delineo-cmd-/);
  });

  it('cancels the program when the job is aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const err = await codeOf(
      runCommand({ kind: 'command', argv: argv('--sleep', '30'), timeoutSeconds: 60 }, volume(), {
        tempRoot: root,
        signal: ac.signal,
      }),
    );
    expect(err.code).toBe('models/cancelled');
  });

  it('fails with a code when the program does not exist', async () => {
    const err = await codeOf(
      runCommand(
        { kind: 'command', argv: ['/nonexistent/segmenter', '{input}', '{output}'], timeoutSeconds: 5 },
        volume(),
        { tempRoot: root },
      ),
    );
    expect(err.code).toBe('models/command-failed');
  });
});
