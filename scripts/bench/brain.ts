/**
 * The brain half of bench:models: brainchop MeshNet (imported to ONNX, as `npm run model:import`
 * does) on a real T1, through the same runModel the worker uses, once per execution provider.
 * Session creation is timed apart from inference (the worker keeps sessions across jobs).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModelPackage, onnx, runModel } from '@delineo/models';
import { readNiftiFile } from '@delineo/volume';

const SHARED = path.resolve(__dirname, '../../../shared/data/brainchop');

export async function benchBrain(
  modelJson = path.join(SHARED, 'models/model18cls/model.json'),
  t1 = path.join(SHARED, 't1_crop.nii.gz'),
): Promise<void> {
  if (!existsSync(modelJson) || !existsSync(t1)) {
    console.log(`bench:models  brain: skipped (no ${existsSync(modelJson) ? t1 : modelJson})`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-bench-brain-'));
  try {
    onnx.writeModelPackage({ modelJsonPath: modelJson, outDir: dir });
    const pkg = loadModelPackage(dir);
    const vol = readNiftiFile(t1);
    console.log(`bench:models  brain-meshnet-18 on ${path.basename(t1)} (${vol.dims.join('x')}), conformed to 256³`);
    const times: Record<string, number> = {};
    for (const provider of ['cpu', 'webgpu', 'cuda'] as const) {
      const t0 = performance.now();
      let session;
      try {
        session = await onnx.createOnnxSession(path.join(dir, 'model.onnx'), [provider]);
      } catch (e) {
        console.log(`  ${provider.padEnd(6)} unavailable: ${(e as Error).message.split(': ').pop()}`);
        continue;
      }
      await session.session.release();
      const created = performance.now() - t0;
      const r = await runModel(pkg, vol, { providers: [provider] });
      const total = r.inferenceMs / 1000;
      times[provider] = total;
      const ml = Object.fromEntries(r.volumes.map((v) => [v.name, v.volumeMl]));
      console.log(
        `  ${provider.padEnd(6)} ${total.toFixed(2)} s (conform + inference + labels back; session ${(created / 1000).toFixed(2)} s)  ` +
          `cortex ${ml['Cerebral-Cortex']?.toFixed(0)} mL, white matter ${ml['Cerebral-White-Matter']?.toFixed(0)} mL, hippocampus ${ml['Hippocampus']?.toFixed(1)} mL`,
      );
    }
    for (const gpu of ['webgpu', 'cuda'])
      if (times[gpu] && times.cpu)
        console.log(`  ratio cpu/${gpu}                    ${(times.cpu / times[gpu]).toFixed(1)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
