import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelError } from '../errors';
import {
  ActivationLayer,
  Conv3dLayer,
  ImportedLayer,
  ImportedLayersModel,
  KerasActivation,
  KerasLayerJson,
  TfjsModelJson,
} from './tfjs-import.types';

const ACTIVATIONS: KerasActivation[] = ['linear', 'elu', 'relu', 'sigmoid', 'softmax'];
/** Layers that are the identity at inference time (keras Dropout family, InputLayer). */
const IDENTITY = new Set(['InputLayer', 'Dropout', 'SpatialDropout3D', 'GaussianDropout', 'GaussianNoise']);

/** Reads model.json and its weight shards (paths relative to model.json). */
export function readTfjsLayersModel(modelJsonPath: string): ImportedLayersModel {
  let json: TfjsModelJson;
  try {
    json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as TfjsModelJson;
  } catch (e) {
    throw new ModelError('models/invalid-tfjs-model', `cannot read ${modelJsonPath}: ${(e as Error).message}`);
  }
  const dir = dirname(modelJsonPath);
  const shards = (json.weightsManifest ?? []).map((g) => Buffer.concat(g.paths.map((p) => readFileSync(join(dir, p)))));
  return parseTfjsLayersModel(json, shards);
}

/**
 * model.json + one concatenated buffer per weightsManifest group (tfjs-converter layers-model
 * format: weights are laid out back to back in manifest order within a group).
 */
export function parseTfjsLayersModel(json: TfjsModelJson, groupBuffers: Buffer[]): ImportedLayersModel {
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw new ModelError(
      'models/invalid-tfjs-model',
      `format '${json.format}' is not a layers-model (graph models are not supported)`,
    );
  }
  const weights = readWeights(json, groupBuffers);
  const topology = json.modelTopology?.model_config ?? json.modelTopology;
  const cfg = topology?.config;
  const layersJson = Array.isArray(cfg) ? cfg : cfg?.layers;
  if (!layersJson?.length) throw new ModelError('models/invalid-tfjs-model', 'modelTopology has no layers');
  const input = layersJson.find((l) => l.class_name === 'InputLayer');
  const inputShape = (input?.config.batch_input_shape ?? layersJson[0].config.batch_input_shape) as
    (number | null)[] | undefined;
  if (!inputShape || inputShape.length !== 5)
    throw new ModelError('models/invalid-tfjs-model', 'expected a 5-D batch_input_shape (3-D volume, channels_last)');
  checkLinearChain(layersJson);
  const layers: ImportedLayer[] = [];
  for (const l of layersJson) {
    if (IDENTITY.has(l.class_name)) continue;
    layers.push(toLayer(l, weights));
  }
  return {
    name: (Array.isArray(cfg) ? undefined : cfg?.name) ?? 'model',
    inputShape,
    layers,
    generatedBy: json.generatedBy ?? '',
    convertedBy: json.convertedBy ?? '',
  };
}

function readWeights(
  json: TfjsModelJson,
  groupBuffers: Buffer[],
): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  (json.weightsManifest ?? []).forEach((group, g) => {
    const buf = groupBuffers[g];
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization) {
        throw new ModelError(
          'models/invalid-tfjs-model',
          `weight ${w.name}: only unquantized float32 is supported (got ${w.dtype})`,
        );
      }
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (!buf || offset + n * 4 > buf.length)
        throw new ModelError('models/invalid-tfjs-model', `weight ${w.name} runs past the end of its shard`);
      // Copy: the shard buffer may not be 4-byte aligned.
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = buf.readFloatLE(offset + i * 4);
      out.set(w.name, { shape: w.shape, data });
      offset += n * 4;
    }
  });
  return out;
}

/** Functional models must be a single chain: each layer's one inbound node is the previous layer. */
function checkLinearChain(layers: KerasLayerJson[]): void {
  layers.forEach((l, i) => {
    const inbound = l.inbound_nodes as unknown[][][] | undefined;
    if (!inbound || inbound.length === 0 || i === 0) return;
    const sources = inbound.flat().map((n) => (n as unknown[])[0]);
    const prev = layers[i - 1].name ?? layers[i - 1].config.name;
    if (inbound.length !== 1 || sources.length !== 1 || sources[0] !== prev) {
      throw new ModelError(
        'models/unsupported-layer',
        `layer ${l.name}: only sequential chains are supported (inbound ${JSON.stringify(sources)})`,
      );
    }
  });
}

function toLayer(l: KerasLayerJson, weights: Map<string, { shape: number[]; data: Float32Array }>): ImportedLayer {
  const c = l.config;
  const name = String(c.name ?? l.name);
  switch (l.class_name) {
    case 'Conv3D':
      return conv3d(name, c, weights);
    case 'Activation':
      return activation(name, String(c.activation), 1.0);
    case 'ELU':
      return activation(name, 'elu', Number(c.alpha ?? 1.0));
    case 'ReLU':
      if (c.max_value != null || Number(c.negative_slope ?? 0) !== 0 || Number(c.threshold ?? 0) !== 0) break;
      return activation(name, 'relu', 1.0);
    case 'Softmax':
      if (c.axis !== undefined && c.axis !== -1) break;
      return activation(name, 'softmax', 1.0);
  }
  throw new ModelError(
    'models/unsupported-layer',
    `layer ${name}: ${l.class_name} ${JSON.stringify(c).slice(0, 200)} is not supported`,
  );
}

function activation(name: string, act: string, alpha: number): ActivationLayer {
  if (!ACTIVATIONS.includes(act as KerasActivation))
    throw new ModelError('models/unsupported-layer', `layer ${name}: activation '${act}' is not supported`);
  return { kind: 'activation', name, activation: act as KerasActivation, alpha };
}

function conv3d(
  name: string,
  c: Record<string, unknown>,
  weights: Map<string, { shape: number[]; data: Float32Array }>,
): Conv3dLayer {
  const strides = triple(c.strides, 1);
  const unsupported =
    (c.data_format ?? 'channels_last') !== 'channels_last' ||
    strides.some((s) => s !== 1) ||
    Number(c.groups ?? 1) !== 1 ||
    (c.padding !== 'same' && c.padding !== 'valid') ||
    !ACTIVATIONS.includes(c.activation as KerasActivation) ||
    c.activation === 'softmax';
  if (unsupported)
    throw new ModelError(
      'models/unsupported-layer',
      `layer ${name}: Conv3D ${JSON.stringify(c).slice(0, 200)} (need channels_last, stride 1, groups 1)`,
    );
  const kernel = weights.get(`${name}/kernel`);
  if (!kernel || kernel.shape.length !== 5)
    throw new ModelError('models/invalid-tfjs-model', `layer ${name}: missing 5-D weight ${name}/kernel`);
  const bias = c.use_bias === false ? null : weights.get(`${name}/bias`);
  if (bias === undefined)
    throw new ModelError('models/invalid-tfjs-model', `layer ${name}: missing weight ${name}/bias`);
  const [kd, kh, kw, , out] = kernel.shape;
  if (out !== c.filters || (bias && bias.data.length !== out))
    throw new ModelError('models/invalid-tfjs-model', `layer ${name}: weight shapes do not match filters=${c.filters}`);
  return {
    kind: 'conv3d',
    name,
    filters: out,
    kernelSize: [kd, kh, kw],
    dilation: triple(c.dilation_rate, 1),
    padding: c.padding as 'same' | 'valid',
    activation: c.activation as KerasActivation,
    kernel: kernel.data,
    kernelShape: kernel.shape as Conv3dLayer['kernelShape'],
    bias: bias ? bias.data : null,
  };
}

/** Keras accepts an int or a 3-tuple for strides and dilation_rate. */
function triple(v: unknown, dflt: number): [number, number, number] {
  if (v == null) return [dflt, dflt, dflt];
  if (typeof v === 'number') return [v, v, v];
  const a = v as number[];
  return [a[0], a[1], a[2]];
}
