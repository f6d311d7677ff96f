import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MESHNET_18_CODES, SegmentCoding } from './brain-meshnet.labels';
import { OnnxModelError } from './onnx-errors';
import { encodeModel, ONNX_OPSET } from './onnx-graph';
import { readTfjsLayersModel } from './tfjs-import';
import { ONNX_IO, tfjsToOnnx } from './tfjs-import.mapper';

/** brainchop colormap.json: parallel R, G, B and label-name arrays indexed by label value. */
interface Colormap {
  R: number[];
  G: number[];
  B: number[];
  labels: string[];
}

export interface OnnxManifestLabel extends SegmentCoding {
  value: number;
  name: string;
  rgb: [number, number, number];
}

/** manifest.json of an imported ONNX model package (the runner contract's onnx variant). */
export interface OnnxModelManifest {
  id: string;
  version: string;
  description: string;
  source: { format: 'tfjs-layers-model'; generatedBy: string; convertedBy: string; license: string; upstream: string };
  runner: { kind: 'onnx'; file: string; opset: number; input: string; output: string; logits: string; layout: 'NCDHW'; providers: ('cuda' | 'webgpu' | 'cpu')[] };
  preprocessing: {
    conform: { size: [number, number, number]; spacingMm: [number, number, number]; orientation: 'LIA'; interpolation: 'linear' };
    intensity: { method: 'minmax-uint8'; range: [number, number] };
    crop: { threshold: number };
    axisMapping: string;
  };
  postprocessing: { labelsToSource: 'nearest' };
  background: number;
  labels: OnnxManifestLabel[];
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
export function writeModelPackage(opts: ModelPackageOptions): OnnxModelManifest {
  const imported = readTfjsLayersModel(opts.modelJsonPath);
  const colormap = JSON.parse(readFileSync(opts.colormapPath ?? join(dirname(opts.modelJsonPath), 'colormap.json'), 'utf8')) as Colormap;
  const manifest = buildManifest(colormap, imported.generatedBy, imported.convertedBy, opts);
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(join(opts.outDir, manifest.runner.file), encodeModel(tfjsToOnnx(imported, { reverseSpatialAxes: true, argmax: true })));
  writeFileSync(join(opts.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function buildManifest(colormap: Colormap, generatedBy: string, convertedBy: string, opts: Pick<ModelPackageOptions, 'id' | 'version'>): OnnxModelManifest {
  const labels = colormap.labels.slice(1).map((name, i): OnnxManifestLabel => {
    const coding = MESHNET_18_CODES[name];
    if (!coding) throw new OnnxModelError('models/invalid-tfjs-model', `colormap label '${name}' has no code in MESHNET_18_CODES`);
    const v = i + 1;
    return { value: v, name, rgb: [colormap.R[v], colormap.G[v], colormap.B[v]], ...coding };
  });
  return {
    id: opts.id ?? 'brain-meshnet-18',
    version: opts.version ?? '1.0.0',
    description: 'brainchop MeshNet (model18cls): 17 FreeSurfer aseg structures, left and right merged, from a T1-weighted MRI.',
    source: { format: 'tfjs-layers-model', generatedBy, convertedBy, license: 'MIT', upstream: 'https://github.com/neuroneural/brainchop public/models/model18cls' },
    runner: { kind: 'onnx', file: 'model.onnx', opset: ONNX_OPSET, input: ONNX_IO.input, output: ONNX_IO.labels, logits: ONNX_IO.logits, layout: 'NCDHW', providers: ['cuda', 'webgpu', 'cpu'] },
    preprocessing: {
      conform: { size: [256, 256, 256], spacingMm: [1, 1, 1], orientation: 'LIA', interpolation: 'linear' },
      intensity: { method: 'minmax-uint8', range: [0, 1] },
      crop: { threshold: 0.2 },
      axisMapping: 'ONNX [1,1,D,H,W] = conformed volume [k][j][i] (x fastest); kernels reversed so Keras d1 = i, as brainchop transposes',
    },
    postprocessing: { labelsToSource: 'nearest' },
    background: 0,
    labels,
  };
}
