/** Keras activations we can express as one ONNX op (keras/activations.py names). */
export type KerasActivation = 'linear' | 'elu' | 'relu' | 'sigmoid' | 'softmax';

/** A Keras Conv3D layer, channels_last, with its weights in Keras layout. */
export interface Conv3dLayer {
  kind: 'conv3d';
  name: string;
  filters: number;
  kernelSize: [number, number, number];
  dilation: [number, number, number];
  padding: 'same' | 'valid';
  activation: KerasActivation;
  /** Keras layout [kd, kh, kw, in, out], row-major. */
  kernel: Float32Array;
  kernelShape: [number, number, number, number, number];
  bias: Float32Array | null;
}

export interface ActivationLayer {
  kind: 'activation';
  name: string;
  activation: KerasActivation;
  /** ELU alpha (keras.layers.ELU); 1.0 for Activation('elu'). */
  alpha: number;
}

export type ImportedLayer = Conv3dLayer | ActivationLayer;

/** A linear chain of layers from a TensorFlow.js layers-model. */
export interface ImportedLayersModel {
  name: string;
  /** Keras batch_input_shape, channels_last: [batch, d1, d2, d3, channels]. */
  inputShape: (number | null)[];
  layers: ImportedLayer[];
  /** model.json provenance fields (generatedBy, convertedBy). */
  generatedBy: string;
  convertedBy: string;
}

/** The subset of a tfjs model.json we read (tfjs-converter "layers-model" format). */
export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { model_config?: KerasModelConfig } & Partial<KerasModelConfig>;
  weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
}

export interface KerasModelConfig {
  class_name: string;
  config: { name?: string; layers: KerasLayerJson[] } | KerasLayerJson[];
}

export interface KerasLayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}
