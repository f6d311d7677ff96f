import { DicomError } from '@delineo/dicom';
import { VolumeError } from '@delineo/volume';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CT_BODY_MANIFEST, segmentCtBody } from '@delineo/models';
import type { Mat3, Volume } from '@delineo/volume';
import { ModelThreadPool } from './model-thread';

const FAKE = resolve(__dirname, '../../../test-support/fake-segmenter.cjs');

function phantom(): Volume {
  const data = new Float32Array(32 * 32 * 8).fill(-1000);
  for (let z = 0; z < 8; z++)
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) {
        const r = Math.hypot(x - 16, y - 16);
        if (r < 12) data[x + 32 * (y + 32 * z)] = r < 3 ? 900 : 40;
      }
  return {
    dims: [32, 32, 8],
    spacing: [5, 5, 5],
    origin: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3,
    data,
    sources: [],
  };
}

describe('ModelThreadPool (models off the event loop)', () => {
  const models = mkdtempSync(join(tmpdir(), 'delineo-thread-models-'));
  mkdirSync(join(models, 'sleepy'));
  writeFileSync(
    join(models, 'sleepy', 'manifest.json'),
    JSON.stringify({
      ...CT_BODY_MANIFEST,
      id: 'sleepy',
      runner: {
        kind: 'command',
        argv: [process.execPath, FAKE, '{input}', '{output}', '0', '--sleep', '30'],
        timeoutSeconds: 60,
      },
    }),
  );
  const pool = new ModelThreadPool(models);
  afterAll(async () => {
    await pool.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('returns what the model returns in this thread, and keeps the event loop free meanwhile', async () => {
    const expected = segmentCtBody(phantom()).labelMap;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const r = await pool.run('ct-body', phantom(), {});
    clearInterval(timer);
    expect(Array.from(r.labelMap)).toEqual(Array.from(expected));
    expect(r.engine).toBe('builtin');
    expect(r.volumes.map((v) => v.name)).toEqual(['Body', 'Left lung', 'Right lung', 'Bone']);
    expect(ticks).toBeGreaterThan(0);
  });

  it('runs no more threads than its limit: further requests wait for a free one', async () => {
    const small = new ModelThreadPool(models, 1);
    try {
      const results = await Promise.all([
        small.run('ct-body', phantom(), {}),
        small.run('ct-body', phantom(), {}),
        small.run('ct-body', phantom(), {}),
      ]);
      expect(results.map((r) => r.engine)).toEqual(['builtin', 'builtin', 'builtin']);
      expect(small['all'].size).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('carries a coded model error across the thread boundary', async () => {
    await expect(pool.run('no-such-model', phantom(), {})).rejects.toMatchObject({ code: 'models/unknown-model' });
  });

  it('carries a volume error of an assembly across the thread boundary as a VolumeError', async () => {
    const err = await pool.assemble([]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolumeError);
    expect(err).toMatchObject({ code: 'volume/empty-series' });
  });

  it('carries a DICOM parse error of an assembly as a DicomError', async () => {
    const err = await pool.assemble([Buffer.from('not dicom at all')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
  });

  it('stops a running model when the job is aborted, and the pool still works afterwards', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1500);
    await expect(pool.run('sleepy', phantom(), { signal: ac.signal })).rejects.toMatchObject({
      code: 'models/cancelled',
    });
    await new Promise((r) => setTimeout(r, 500));
    // The external program was killed with its process group, not left running as an orphan.
    expect(spawnSync('pgrep', ['-f', `${FAKE} .*--sleep 30`]).status).toBe(1);
    expect((await pool.run('ct-body', phantom(), {})).engine).toBe('builtin');
  });
});
