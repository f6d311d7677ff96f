/** Test fixture: a tiny ONNX model whose labels are a known function of the input. */
import { buildModel, DataType, encodeModel, floatTensor, intAttr, intsAttr, node, valueInfo } from './onnx-graph';

/** Pointwise 3-class model: logits (0.3, x, 2x − 1), so labels threshold x at 0.3 and 1. */
export function thresholdModel(withArgmax: boolean): Uint8Array {
  const nodes = [
    node('Conv', ['input', 'W', 'B'], ['logits'], 'conv', [intsAttr('kernel_shape', [1, 1, 1]), intAttr('group', 1)]),
  ];
  const outputs = [valueInfo('logits', DataType.FLOAT, [1, 3, 'd', 'h', 'w'])];
  if (withArgmax) {
    nodes.push(node('ArgMax', ['logits'], ['labels'], 'argmax', [intAttr('axis', 1), intAttr('keepdims', 0)]));
    outputs.push(valueInfo('labels', DataType.INT64, [1, 'd', 'h', 'w']));
  }
  return encodeModel(
    buildModel({
      graphName: 'threshold',
      nodes,
      initializers: [
        floatTensor('W', [3, 1, 1, 1, 1], Float32Array.of(0, 1, 2)),
        floatTensor('B', [3], Float32Array.of(0.3, 0, -1)),
      ],
      inputs: [valueInfo('input', DataType.FLOAT, [1, 1, 'd', 'h', 'w'])],
      outputs,
    }),
  );
}

export function expected(x: number): number {
  const scores = [0.3, x, 2 * x - 1];
  return scores.indexOf(Math.max(...scores));
}
