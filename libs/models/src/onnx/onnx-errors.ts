/** Domain error codes for model import and ONNX inference; each transport maps them in its own table. */
export type OnnxModelErrorCode =
  | 'models/invalid-tfjs-model'
  | 'models/unsupported-layer'
  | 'models/no-execution-provider'
  | 'models/invalid-input';

export class OnnxModelError extends Error {
  constructor(
    readonly code: OnnxModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnnxModelError';
  }
}
