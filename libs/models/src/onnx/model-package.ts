import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabelDefinition, ModelManifest } from '../manifest/manifest.types';
import { validateManifest } from '../manifest/manifest.validate';
import { MESHNET_18_CODES } from './brain-meshnet.labels';
import { ModelError } from '../errors';
import { encodeModel } from './onnx-graph';
import { readTfjsLayersModel } from './tfjs-import';
import { ONNX_IO, tfjsToOnnx } from './tfjs-import.mapper';

/** brainchop colormap.json: parallel R, G, B and label-name arrays indexed by label value. */
interface Colormap {
  R: number[];
  G: number[];
  B: number[];
  labels: string[];
}

export interface ModelPackageOptions {
  modelJsonPath: string;
  outDir: string;
  /** Defaults to colormap.json next to model.json. */
  colormapPath?: string;
  id?: string;
  version?: string;
}

/** Converts the brainchop MeshNet and writes outDir/model.onnx + outDir/manifest.json. */
export function writeModelPackage(opts: ModelPackageOptions): ModelManifest {
  const imported = readTfjsLayersModel(opts.modelJsonPath);
  const colormap = JSON.parse(
    readFileSync(opts.colormapPath ?? join(dirname(opts.modelJsonPath), 'colormap.json'), 'utf8'),
  ) as Colormap;
  const manifest = buildManifest(colormap, imported.generatedBy, imported.convertedBy, opts);
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(
    join(opts.outDir, 'model.onnx'),
    encodeModel(tfjsToOnnx(imported, { reverseSpatialAxes: true, argmax: true })),
  );
  writeFileSync(join(opts.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The package manifest in the libs/models contract (manifest.types.ts), so the worker runs it
 * like any other ONNX package. Conform (LIA, 256³, 1 mm), brainchop's min–max scaling and its
 * 0.2 crop threshold are what model18cls was trained with.
 */
export function buildManifest(
  colormap: Colormap,
  generatedBy: string,
  convertedBy: string,
  opts: Pick<ModelPackageOptions, 'id' | 'version'>,
): ModelManifest {
  const labels = colormap.labels.slice(1).map((name, i): LabelDefinition => {
    const coding = MESHNET_18_CODES[name];
    if (!coding)
      throw new ModelError('models/invalid-tfjs-model', `colormap label '${name}' has no code in MESHNET_18_CODES`);
    const v = i + 1;
    return {
      value: v,
      name,
      category: coding.category,
      type: coding.type,
      ...(coding.typeModifier ? { modifier: coding.typeModifier } : {}),
      recommendedDisplayRGB: [colormap.R[v], colormap.G[v], colormap.B[v]],
      algorithmType: 'AUTOMATIC',
    };
  });
  return validateManifest({
    id: opts.id ?? 'brain-meshnet-18',
    version: opts.version ?? '1.0.0',
    name: 'Brain parcellation (brainchop MeshNet, 18 classes)',
    description:
      'brainchop MeshNet (model18cls): 17 FreeSurfer aseg structures, left and right merged, from a T1-weighted MRI.',
    source: {
      format: 'tfjs-layers-model',
      license: 'MIT',
      upstream: 'https://github.com/neuroneural/brainchop public/models/model18cls',
      convertedBy: `${generatedBy}; ${convertedBy}`,
    },
    input: { modality: ['MR'], minSlices: 64 },
    preprocessing: {
      orientation: 'LIA',
      fixedShape: [256, 256, 256],
      targetSpacing: [1, 1, 1],
      intensity: { kind: 'minmax-uint8' },
      crop: { threshold: 0.2 },
    },
    runner: {
      kind: 'onnx',
      file: 'model.onnx',
      inputName: ONNX_IO.input,
      outputName: ONNX_IO.labels,
      executionProviders: ['cuda', 'webgpu', 'cpu'],
    },
    labels,
    postprocessing: [],
  });
}
