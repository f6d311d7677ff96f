import { onnx } from 'onnx-proto';

/**
 * Minimal builders over the protobufjs-generated ONNX types (onnx.proto v1.10: ModelProto,
 * GraphProto, NodeProto, TensorProto). Only what the importers here need: float/int64 tensors,
 * int/ints attributes and tensor value infos with fixed or symbolic dims.
 */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** TensorProto.DataType values (onnx.proto). */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

export type Dim = number | string;

export function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  // raw_data is little-endian (onnx.proto TensorProto.raw_data); Float32Array is native-endian,
  // which is little-endian on every platform onnxruntime-node ships for.
  const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return { name, dims, dataType: DataType.FLOAT, rawData: raw };
}

export function intAttr(name: string, i: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

export function intsAttr(name: string, ints: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints };
}

export function floatAttr(name: string, f: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attribute: onnx.IAttributeProto[] = [],
): onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name, attribute };
}

export function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export interface ModelParts {
  graphName: string;
  nodes: onnx.INodeProto[];
  initializers: onnx.ITensorProto[];
  inputs: onnx.IValueInfoProto[];
  outputs: onnx.IValueInfoProto[];
  docString?: string;
}

export function buildModel(parts: ModelParts): onnx.IModelProto {
  return {
    irVersion: ONNX_IR_VERSION,
    producerName: 'delineo',
    producerVersion: '0.1.0',
    docString: parts.docString ?? '',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: parts.graphName,
      node: parts.nodes,
      initializer: parts.initializers,
      input: parts.inputs,
      output: parts.outputs,
    },
  };
}

export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
