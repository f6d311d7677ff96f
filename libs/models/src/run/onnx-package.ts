import { join } from 'node:path';
import { reorient, resample, type Grid, type Vec3, type Volume } from '@delineo/volume';
import { ModelError } from '../errors';
import type { ModelPackage } from '../manifest/manifest.load';
import type { ModelManifest } from '../manifest/manifest.types';
import { segmentBrain } from '../onnx/brain-segment';
import { createOnnxSession, runLabels, type OnnxProvider, type OnnxSessionHandle } from '../onnx/onnx-runner';
import { runSlidingWindow } from '../onnx/sliding-window';
import { normalizeIntensity } from './intensity';

type OnnxRunner = Extract<ModelManifest['runner'], { kind: 'onnx' }>;

export interface OnnxPackageOptions {
  /** Overrides the manifest's executionProviders (the worker's ONNX_PROVIDERS setting). */
  providers?: OnnxProvider[];
  log?: (msg: string) => void;
}

/** Sessions are expensive to create (graph optimisation, GPU upload): one per model file and provider list. */
const sessions = new Map<string, Promise<OnnxSessionHandle>>();

export async function onnxSession(pkg: ModelPackage, opts: OnnxPackageOptions = {}): Promise<OnnxSessionHandle> {
  const runner = pkg.manifest.runner as OnnxRunner;
  const providers = opts.providers ?? runner.executionProviders ?? ['cpu'];
  const file = join(pkg.dir, runner.file);
  const key = `${file}|${providers.join(',')}`;
  let s = sessions.get(key);
  if (!s) {
    s = createOnnxSession(file, providers, { log: opts.log });
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
}

/**
 * Preprocess as the manifest says, infer, and return labels on the SOURCE grid. Two paths:
 * - 'LIA' conform (FreeSurfer/brainchop models): a fixed cubic grid of 1 mm voxels centred on the
 *   source, brainchop's scaling and crop (onnx/brain-segment.ts);
 * - otherwise: optional reorientation, resampling to targetSpacing or fixedShape, intensity
 *   normalisation, then sliding-window inference when runner.patchSize is set.
 * Labels return to the source grid by nearest neighbour through world coordinates.
 */
export async function runOnnxPackage(
  pkg: ModelPackage,
  vol: Volume,
  opts: OnnxPackageOptions = {},
): Promise<{ labels: Uint8Array; provider: OnnxProvider }> {
  const handle = await onnxSession(pkg, opts);
  const pre = pkg.manifest.preprocessing;
  if (pre.orientation === 'LIA') {
    const shape = pre.fixedShape!;
    const cubic = shape.every((n) => n === shape[0]) && pre.targetSpacing!.every((s) => s === 1);
    if (!cubic || pre.intensity.kind !== 'minmax-uint8') {
      throw new ModelError(
        'models/unsupported-preprocessing',
        'LIA conform supports a cubic grid of 1 mm voxels with minmax-uint8 intensity',
      );
    }
    const r = await segmentBrain(handle.session, vol, { cropThreshold: pre.crop?.threshold ?? 0, size: shape[0] });
    return { labels: r.labels, provider: handle.provider };
  }
  const runner = pkg.manifest.runner as OnnxRunner;
  const oriented = pre.orientation === 'native' ? vol : reorient(vol, pre.orientation);
  const grid = targetGrid(oriented, pre.targetSpacing, pre.fixedShape);
  const resampled = grid
    ? resample(oriented, grid, { mode: 'linear', fill: minOf(vol.data), extendHalfVoxel: true })
    : oriented;
  const input = { dims: resampled.dims, data: normalizeIntensity(resampled.data, pre.intensity) };
  const patch = runner.patchSize;
  const labels = patch
    ? await runSlidingWindow(handle.session, input, {
        patchSize: patch,
        overlap: Math.floor((runner.overlap ?? 0.5) * Math.min(...patch)),
      })
    : await runLabels(handle.session, input.data, [input.dims[2], input.dims[1], input.dims[0]]);
  const back = resample({ ...resampled, data: Float32Array.from(labels) }, vol, {
    mode: 'nearest',
    fill: 0,
    extendHalfVoxel: true,
  });
  return { labels: Uint8Array.from(back.data), provider: handle.provider };
}

/** Same origin and direction; new spacing and dims covering the same extent. */
function targetGrid(vol: Volume, spacing?: Vec3, shape?: Vec3): Grid | undefined {
  if (!spacing && !shape) return undefined;
  const extent = vol.dims.map((n, i) => n * vol.spacing[i]);
  const dims = (shape ?? extent.map((e, i) => Math.max(1, Math.round(e / spacing![i])))) as Vec3;
  const sp = (spacing && !shape ? spacing : extent.map((e, i) => e / dims[i])) as Vec3;
  // Keep the physical centre: voxel centres move when the spacing changes.
  const shift = [0, 1, 2].map((c) => (sp[c] - vol.spacing[c]) / 2);
  const origin = [0, 1, 2].map(
    (r) => vol.origin[r] + [0, 1, 2].reduce((s, c) => s + vol.direction[r * 3 + c] * shift[c], 0),
  ) as Vec3;
  return { dims, spacing: sp, origin, direction: vol.direction };
}

function minOf(data: Float32Array): number {
  let m = Infinity;
  for (const v of data) if (v < m) m = v;
  return Number.isFinite(m) ? m : 0;
}
