/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mat3, Vec3, Volume } from '@delineo/volume';
import { CT_BODY_MANIFEST } from '../builtin/ct-body.manifest';
import type { ModelManifest, Preprocessing } from '../manifest/manifest.types';
import { loadModelPackage } from '../manifest/manifest.load';
import { expected, thresholdModel } from '../onnx/threshold-model.testing';
import { runModel } from './run-model';

function pkgWith(root: string, name: string, preprocessing: Preprocessing, patchSize?: Vec3) {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.onnx'), thresholdModel(true));
  const manifest: ModelManifest = {
    ...CT_BODY_MANIFEST,
    id: name,
    preprocessing,
    runner: {
      kind: 'onnx',
      file: 'model.onnx',
      executionProviders: ['cpu'],
      ...(patchSize ? { patchSize, overlap: 0.25 } : {}),
    },
    labels: CT_BODY_MANIFEST.labels.slice(0, 2),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return loadModelPackage(dir);
}

describe('ONNX package runner (generic preprocessing path)', () => {
  const root = mkdtempSync(join(tmpdir(), 'delineo-onnxpkg-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dims: Vec3 = [12, 10, 9];
  let s = 7;
  const data = Float32Array.from({ length: 1080 }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 300);
  data[0] = 0; // pin min and max so minmax scaling is x / 300
  data[1] = 300;
  // An LPS volume whose rows run right→left and slices foot→head along −z, so RAS must permute and flip.
  const vol: Volume = {
    dims,
    spacing: [1.5, 1.5, 3],
    origin: [40, -20, 10],
    direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1] as Mat3,
    data,
    sources: [],
  };
  const want = Array.from(data, (v) => expected(v / 300));

  it('normalises min–max and labels every source voxel, reoriented to RAS and back', async () => {
    const pkg = pkgWith(root, 'ras', { orientation: 'RAS', intensity: { kind: 'minmax' } });
    const r = await runModel(pkg, vol);
    expect(r.engine).toBe('cpu');
    expect(Array.from(r.labelMap)).toEqual(want);
  });

  it('tiles with a sliding window and still returns the same labels', async () => {
    const pkg = pkgWith(root, 'tiled', { orientation: 'native', intensity: { kind: 'minmax' } }, [5, 4, 4]);
    expect(Array.from((await runModel(pkg, vol)).labelMap)).toEqual(want);
  });

  it('resamples to a target spacing and brings labels back to the source grid', async () => {
    const flat = { ...vol, data: Float32Array.from(data, (_, i) => (i % 12 < 6 ? 0 : 300)) }; // left half 0, right half 300
    const pkg = pkgWith(root, 'spacing', {
      orientation: 'native',
      targetSpacing: [0.75, 0.75, 1.5],
      intensity: { kind: 'minmax' },
    });
    const r = await runModel(pkg, flat);
    expect(Array.from(r.labelMap)).toEqual(Array.from(flat.data, (v) => expected(v / 300)));
  });

  it('rejects a conform it cannot do with a code', async () => {
    const pkg = pkgWith(root, 'lia', {
      orientation: 'LIA',
      fixedShape: [64, 64, 32],
      targetSpacing: [1, 1, 1],
      intensity: { kind: 'minmax-uint8' },
    });
    await expect(runModel(pkg, vol)).rejects.toMatchObject({ code: 'models/unsupported-preprocessing' });
  });
});
