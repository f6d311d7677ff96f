import type { Volume } from '@delineo/volume';
import { getBuiltin } from '../builtin/registry';
import { ModelError } from '../errors';
import type { ModelPackage } from '../manifest/manifest.load';
import type { PostprocessingStep } from '../manifest/manifest.types';
import { keepLargestComponents } from '../morphology/components';
import type { OnnxProvider } from '../onnx/onnx-runner';
import { labelVolumes, type LabelVolume } from '../volumetry';
import { runCommand } from './command-runner';
import { runOnnxPackage } from './onnx-package';

export interface RunModelOptions {
  /** ONNX execution providers in order of preference (overrides the manifest). */
  providers?: OnnxProvider[];
  signal?: AbortSignal;
  /** Where the command runner makes its per-run temp dir. */
  tempRoot?: string;
  log?: (msg: string) => void;
}

export interface ModelRunResult {
  /** Labels on the input volume's grid, x fastest. */
  labelMap: Uint8Array;
  volumes: LabelVolume[];
  /** 'builtin', 'command', or the ONNX execution provider that ran. */
  engine: string;
  inferenceMs: number;
  postprocessMs: number;
}

/** One entry point for every runner kind; postprocessing and volumetry are shared. */
export async function runModel(pkg: ModelPackage, vol: Volume, opts: RunModelOptions = {}): Promise<ModelRunResult> {
  const { manifest } = pkg;
  const t0 = performance.now();
  let labelMap: Uint8Array;
  let engine: string;
  const runner = manifest.runner;
  if (opts.signal?.aborted) throw new ModelError('models/cancelled', `${manifest.id} was cancelled before it started`);
  if (runner.kind === 'builtin') {
    labelMap = getBuiltin(runner.algorithm).run(vol).labelMap;
    engine = 'builtin';
  } else if (runner.kind === 'onnx') {
    const r = await runOnnxPackage(pkg, vol, { providers: opts.providers, log: opts.log });
    labelMap = r.labels;
    engine = r.provider;
  } else {
    labelMap = await runCommand(runner, vol, { signal: opts.signal, tempRoot: opts.tempRoot });
    engine = 'command';
  }
  const t1 = performance.now();
  for (const step of manifest.postprocessing)
    postprocess(
      labelMap,
      vol.dims,
      step,
      manifest.labels.map((l) => l.value),
    );
  const known = new Set(manifest.labels.map((l) => l.value));
  for (let i = 0; i < labelMap.length; i++) if (labelMap[i] !== 0 && !known.has(labelMap[i])) labelMap[i] = 0; // undeclared labels are not reported
  const volumes = labelVolumes(labelMap, vol.spacing, manifest.labels);
  return { labelMap, volumes, engine, inferenceMs: t1 - t0, postprocessMs: performance.now() - t1 };
}

/** Largest connected component per label (6-connected): voxels of smaller islands become background. */
function postprocess(
  labelMap: Uint8Array,
  dims: [number, number, number],
  step: PostprocessingStep,
  all: number[],
): void {
  for (const value of step.labels ?? all) {
    const mask = new Uint8Array(labelMap.length);
    let any = false;
    for (let i = 0; i < labelMap.length; i++) {
      if (labelMap[i] !== value) continue;
      mask[i] = 1;
      any = true;
    }
    if (!any) continue;
    const keep = keepLargestComponents(mask, dims);
    for (let i = 0; i < labelMap.length; i++) if (mask[i] && !keep[i]) labelMap[i] = 0;
  }
}
