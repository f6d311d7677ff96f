import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CT_BODY_MANIFEST } from '../builtin/ct-body.manifest';
import { ModelError } from '../errors';
import type { ModelManifest } from '../manifest/manifest.types';
import { ModelRegistry } from './model-registry';
import { runModel } from './run-model';

const FAKE = resolve(__dirname, '../../../../test-support/fake-segmenter.cjs');

const commandManifest = (id: string): ModelManifest => ({
  ...CT_BODY_MANIFEST,
  id,
  name: 'threshold CLI',
  runner: { kind: 'command', argv: [process.execPath, FAKE, '{input}', '{output}', '0.5'], timeoutSeconds: 30 },
  labels: CT_BODY_MANIFEST.labels.slice(0, 2),
  postprocessing: [{ kind: 'largest-connected-component', labels: [1] }],
});

function writePackage(root: string, name: string, manifest: unknown): void {
  mkdirSync(join(root, name));
  writeFileSync(join(root, name, 'manifest.json'), JSON.stringify(manifest));
}

describe('model registry and runModel', () => {
  const root = mkdtempSync(join(tmpdir(), 'delineo-models-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writePackage(root, 'threshold', commandManifest('threshold-cli'));
  writePackage(root, 'broken', { id: 'Broken!' });
  writePackage(root, 'shadow', commandManifest('ct-body'));
  const registry = ModelRegistry.load(root);

  it('lists the built-ins and valid packages, and reports broken or shadowing ones', () => {
    expect(registry.ids()).toEqual(['ct-body', 'threshold-cli']);
    expect(registry.get('ct-body').manifest).toBe(CT_BODY_MANIFEST);
    expect(registry.problems.map((p) => [p.dir.split('/').pop(), p.code])).toEqual([
      ['broken', 'models/invalid-manifest'],
      ['shadow', 'models/invalid-manifest'],
    ]);
  });

  it('refuses an unknown model with a code', () => {
    expect(() => registry.get('nope')).toThrow(ModelError);
    expect(() => registry.get('nope')).toThrow(expect.objectContaining({ code: 'models/unknown-model' }));
  });

  it('treats an absent MODELS_DIR as built-ins only', () => {
    expect(ModelRegistry.load(join(root, 'missing')).ids()).toEqual(['ct-body']);
  });

  it('runs a command package, keeps the largest component and measures volumes', async () => {
    const dims: [number, number, number] = [10, 4, 3];
    const data = new Float32Array(120);
    // Two islands of label 1 (values in (0.5, 1]): 6 voxels at x 0–1, 3 voxels at x 8; label 2 at x 5.
    for (let z = 0; z < 3; z++)
      for (let y = 0; y < 4; y++) {
        const row = 10 * (y + 4 * z);
        if (y < 3) {
          data[row] = 0.8;
          data[row + 1] = y === 0 && z === 0 ? 0.8 : 0;
        }
        if (y === 1) data[row + 8] = 0.9;
        if (y === 2 && z === 1) data[row + 5] = 5;
      }
    const vol = {
      dims,
      spacing: [2, 2, 5] as [number, number, number],
      origin: [0, 0, 0] as [number, number, number],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as never,
      data,
      sources: [],
    };
    const r = await runModel(registry.get('threshold-cli'), vol, { tempRoot: root });
    expect(r.engine).toBe('command');
    expect(r.labelMap.filter((v) => v === 1).length).toBe(10); // the 3-voxel island at x = 8 is gone
    expect(r.volumes).toEqual([
      { value: 1, name: 'Body', voxels: 10, volumeMl: 0.2 },
      { value: 2, name: 'Left lung', voxels: 1, volumeMl: 0.02 },
    ]);
  });
});
