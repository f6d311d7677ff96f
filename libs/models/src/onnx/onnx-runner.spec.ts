/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { expected, thresholdModel } from './threshold-model.testing';
import { createOnnxSession, runLabels } from './onnx-runner';
import { runSlidingWindow, starts } from './sliding-window';

describe('ONNX runner', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-runner-'));
  const modelPath = join(tmp, 'threshold.onnx');
  writeFileSync(modelPath, thresholdModel(true));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const dims: [number, number, number] = [21, 17, 13];
  let s = 11;
  const data = Float32Array.from(
    { length: dims[0] * dims[1] * dims[2] },
    () => ((s = (s * 16807) % 2147483647) / 2147483647) * 1.5,
  );

  it('tiles a volume larger than the patch to the same labels as one full run', async () => {
    const session = await ort.InferenceSession.create(modelPath);
    const full = await runLabels(session, data, [dims[2], dims[1], dims[0]]);
    expect(Array.from(full.slice(0, 50))).toEqual(Array.from(data.slice(0, 50), expected));
    for (const weighting of ['gaussian', 'uniform'] as const) {
      const tiled = await runSlidingWindow(session, { dims, data }, { patchSize: 8, overlap: 3, weighting });
      expect(Buffer.from(tiled).equals(Buffer.from(full))).toBe(true);
    }
    await session.release();
  });

  it('runs a volume that fits in one patch once, through the in-graph ArgMax', async () => {
    const session = await ort.InferenceSession.create(modelPath);
    const run = jest.spyOn(session, 'run');
    const labels = await runSlidingWindow(session, { dims, data }, { patchSize: [21, 17, 13], overlap: 4 });
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0][1]).toEqual(['labels']);
    expect(Array.from(labels)).toEqual(Array.from(data, expected));
    await session.release();
  });

  it('arg-maxes logits in JS when the graph has no labels output', async () => {
    const path = join(tmp, 'logits-only.onnx');
    writeFileSync(path, thresholdModel(false));
    const session = await ort.InferenceSession.create(path);
    expect(Array.from(await runLabels(session, data, [dims[2], dims[1], dims[0]]))).toEqual(Array.from(data, expected));
    await session.release();
  });

  it('places patches with the requested overlap, the last flush with the end', () => {
    expect(starts(21, 8, 3)).toEqual([0, 5, 10, 13]);
    expect(starts(8, 8, 3)).toEqual([0]);
    expect(starts(5, 8, 3)).toEqual([0]);
  });

  it('falls back from cuda and webgpu to a provider that runs, and reports which', async () => {
    const handle = await createOnnxSession(modelPath, ['cuda', 'webgpu', 'cpu'], { log: (m) => console.log(m) });
    console.log(`provider fallback: used '${handle.provider}', skipped ${JSON.stringify(handle.skipped)}`);
    expect(['cuda', 'webgpu', 'cpu']).toContain(handle.provider);
    const cudaBundled = ort.listSupportedBackends().some((b) => b.name === 'cuda' && b.bundled);
    if (!cudaBundled)
      expect(handle.skipped[0]).toEqual({ provider: 'cuda', reason: 'not bundled in this onnxruntime-node install' });
    const labels = await runLabels(handle.session, data, [dims[2], dims[1], dims[0]]);
    expect(Array.from(labels)).toEqual(Array.from(data, expected));
    await handle.session.release();
  });

  it('rejects with models/no-execution-provider when no listed provider loads', async () => {
    await expect(createOnnxSession(join(tmp, 'missing.onnx'), ['cpu'])).rejects.toMatchObject({
      code: 'models/no-execution-provider',
    });
  });
});
