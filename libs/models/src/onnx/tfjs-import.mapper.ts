import { onnx } from 'onnx-proto';
import { buildModel, DataType, Dim, floatAttr, floatTensor, intAttr, intsAttr, node, valueInfo } from './onnx-graph';
import { Conv3dLayer, ImportedLayersModel, KerasActivation } from './tfjs-import.types';

export interface TfjsToOnnxOptions {
  /**
   * Reverse the three spatial axes relative to Keras: ONNX (D, H, W) = Keras (d3, d2, d1).
   * brainchop feeds MeshNet a tf.transpose()d volume (`enableTranspose: true` in
   * brainchop-parameters.js), i.e. Keras d1 is the fastest-varying NIfTI axis i. Reversing the
   * kernels here lets a Volume's x-fastest Float32Array ([k][j][i] row-major) be fed to the ONNX
   * input [1, 1, nz, ny, nx] with no copy. Default true.
   */
  reverseSpatialAxes?: boolean;
  /** Append ArgMax over channels (keepdims 0) as output 'labels' (int64 [1, D, H, W]). Default true. */
  argmax?: boolean;
  /** Fixed input [D, H, W]; default symbolic 'depth', 'height', 'width'. */
  inputDims?: [number, number, number];
}

/** Output names of every converted graph. */
export const ONNX_IO = { input: 'input', logits: 'logits', labels: 'labels' } as const;

/**
 * Keras/TF.js layer chain → ONNX ModelProto (opset 17). Input is NCDHW float32 [1, 1, D, H, W];
 * outputs 'logits' [1, C, D, H, W] and (optionally) 'labels' [1, D, H, W] int64.
 */
export function tfjsToOnnx(model: ImportedLayersModel, opts: TfjsToOnnxOptions = {}): onnx.IModelProto {
  const reverse = opts.reverseSpatialAxes ?? true;
  const nodes: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  let current: string = ONNX_IO.input;
  let channels = model.inputShape[4] ?? 1;
  const last = model.layers.length - 1;
  model.layers.forEach((layer, idx) => {
    const isLast = (suffix: boolean) => idx === last && suffix;
    if (layer.kind === 'conv3d') {
      const hasAct = layer.activation !== 'linear';
      const out = isLast(!hasAct) ? ONNX_IO.logits : `${layer.name}_conv`;
      nodes.push(convNode(layer, current, out, inits, reverse));
      channels = layer.filters;
      current = out;
      if (hasAct) {
        const actOut = isLast(true) ? ONNX_IO.logits : `${layer.name}_act`;
        nodes.push(activationNode(layer.activation, 1.0, current, actOut, `${layer.name}_activation`));
        current = actOut;
      }
    } else {
      const out = isLast(true) ? ONNX_IO.logits : layer.name;
      nodes.push(activationNode(layer.activation, layer.alpha, current, out, layer.name));
      current = out;
    }
  });
  const spatial: Dim[] = opts.inputDims ?? ['depth', 'height', 'width'];
  const outputs = [valueInfo(ONNX_IO.logits, DataType.FLOAT, [1, channels, ...spatial])];
  if (opts.argmax ?? true) {
    // ArgMax (opset 13+): first maximal index on ties, like tf.argMax and numpy.argmax.
    nodes.push(
      node('ArgMax', [ONNX_IO.logits], [ONNX_IO.labels], 'argmax', [intAttr('axis', 1), intAttr('keepdims', 0)]),
    );
    outputs.unshift(valueInfo(ONNX_IO.labels, DataType.INT64, [1, ...spatial]));
  }
  return buildModel({
    graphName: model.name,
    nodes,
    initializers: inits,
    inputs: [valueInfo(ONNX_IO.input, DataType.FLOAT, [1, model.inputShape[4] ?? 1, ...spatial])],
    outputs,
    docString: `Converted from TensorFlow.js layers-model (${model.generatedBy}; ${model.convertedBy}); spatial axes ${reverse ? 'reversed' : 'as in Keras'}.`,
  });
}

function convNode(
  layer: Conv3dLayer,
  input: string,
  output: string,
  inits: onnx.ITensorProto[],
  reverse: boolean,
): onnx.INodeProto {
  const [k0, k1, k2, cin, cout] = layer.kernelShape;
  const ks: [number, number, number] = reverse ? [k2, k1, k0] : [k0, k1, k2];
  const dil = reverse ? [...layer.dilation].reverse() : [...layer.dilation];
  const w = new Float32Array(layer.kernel.length);
  // Keras kernel [k0, k1, k2, in, out] → ONNX W [out, in, x, y, z] (Conv, opset 11+).
  for (let a = 0; a < k0; a++)
    for (let b = 0; b < k1; b++)
      for (let c = 0; c < k2; c++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) {
            const [x, y, z] = reverse ? [c, b, a] : [a, b, c];
            w[(((o * cin + i) * ks[0] + x) * ks[1] + y) * ks[2] + z] =
              layer.kernel[(((a * k1 + b) * k2 + c) * cin + i) * cout + o];
          }
  inits.push(floatTensor(`${layer.name}/W`, [cout, cin, ...ks], w));
  const inputs = [input, `${layer.name}/W`];
  if (layer.bias) {
    inits.push(floatTensor(`${layer.name}/B`, [cout], layer.bias));
    inputs.push(`${layer.name}/B`);
  }
  // TF 'same' with stride 1: total padding d·(k−1), the odd extra at the end (tf.nn.convolution).
  const total = ks.map((k, t) => (layer.padding === 'same' ? dil[t] * (k - 1) : 0));
  const begin = total.map((p) => Math.floor(p / 2));
  const pads = [...begin, ...total.map((p, t) => p - begin[t])];
  return node('Conv', inputs, [output], layer.name, [
    intsAttr('kernel_shape', ks),
    intsAttr('dilations', dil),
    intsAttr('strides', [1, 1, 1]),
    intsAttr('pads', pads),
    intAttr('group', 1),
  ]);
}

function activationNode(
  act: KerasActivation,
  alpha: number,
  input: string,
  output: string,
  name: string,
): onnx.INodeProto {
  switch (act) {
    case 'elu':
      return node('Elu', [input], [output], name, [floatAttr('alpha', alpha)]);
    case 'relu':
      return node('Relu', [input], [output], name);
    case 'sigmoid':
      return node('Sigmoid', [input], [output], name);
    case 'softmax':
      return node('Softmax', [input], [output], name, [intAttr('axis', 1)]);
    case 'linear':
      return node('Identity', [input], [output], name);
  }
}
