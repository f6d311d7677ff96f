/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNiftiFile } from '@delineo/volume';
import { segmentBrain } from './brain-segment';
import { encodeModel } from './onnx-graph';
import { createOnnxSession } from './onnx-runner';
import { readTfjsLayersModel } from './tfjs-import';
import { tfjsToOnnx } from './tfjs-import.mapper';

const BRAINCHOP = resolve(__dirname, '../../../../../shared/data/brainchop');

describe('MeshNet 18-class brain parcellation on CPU', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-brain-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('segments the brainchop demo T1 into anatomically plausible volumes', async () => {
    const model = join(tmp, 'model.onnx');
    writeFileSync(model, encodeModel(tfjsToOnnx(readTfjsLayersModel(join(BRAINCHOP, 'models/model18cls/model.json')))));
    const names = (
      JSON.parse(readFileSync(join(BRAINCHOP, 'models/model18cls/colormap.json'), 'utf8')) as { labels: string[] }
    ).labels;
    const { session, provider } = await createOnnxSession(model, ['cpu']);
    const t1 = readNiftiFile(join(BRAINCHOP, 't1_crop.nii.gz'));
    const cpu0 = process.cpuUsage();
    const wall0 = Date.now();
    const result = await segmentBrain(session, t1);
    const cpu = process.cpuUsage(cpu0);
    await session.release();

    // Conformed voxels are 1 mm³, so counts / 1000 are mL.
    const counts = new Array<number>(names.length).fill(0);
    for (const l of result.conformedLabels) counts[l]++;
    const ml = Object.fromEntries(names.map((n, i) => [n, +(counts[i] / 1000).toFixed(1)]));
    const brainMl = counts.slice(1).reduce((a, b) => a + b, 0) / 1000;
    console.log(
      `MeshNet on ${provider}: wall ${((Date.now() - wall0) / 1000).toFixed(1)} s, process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ` +
        `box ${JSON.stringify(result.box)}, non-background ${brainMl.toFixed(1)} mL\n${JSON.stringify(ml, null, 1)}`,
    );

    expect(brainMl).toBeGreaterThan(900);
    expect(brainMl).toBeLessThan(2000);
    const ranked = names
      .map((n, i) => [n, counts[i]] as const)
      .slice(1)
      .sort((a, b) => b[1] - a[1]);
    expect(
      ranked
        .slice(0, 2)
        .map(([n]) => n)
        .sort(),
    ).toEqual(['Cerebral-Cortex', 'Cerebral-White-Matter']);
    for (const [, c] of ranked.slice(0, 2)) expect(c / 1000).toBeGreaterThan(200);
    expect(ml['Hippocampus']).toBeGreaterThan(1);
    expect(ml['Hippocampus']).toBeLessThan(15);
    expect(ml['Thalamus']).toBeGreaterThan(5);
    expect(ml['Thalamus']).toBeLessThan(30);
    // The demo T1 is already conformed (256³ LIA), so mapping back is the identity.
    let moved = 0;
    for (let i = 0; i < result.labels.length; i++) if (result.labels[i] !== result.conformedLabels[i]) moved++;
    expect(moved).toBe(0);
  }, 300_000);
});
