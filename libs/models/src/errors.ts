import { CodedError } from '@delineo/errors';

/** Domain error codes for model packages and runners; each transport maps them in its own table. */
export const MODEL_ERROR_CODES = [
  'models/invalid-manifest',
  'models/package-not-found',
  'models/unknown-algorithm',
  'models/input-rejected',
  'models/invalid-input',
  'models/unknown-model',
  'models/unsupported-preprocessing',
  'models/command-failed',
  'models/command-timeout',
  'models/cancelled',
  'models/invalid-tfjs-model',
  'models/unsupported-layer',
  'models/no-execution-provider',
] as const;

export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

export const isModelErrorCode = (code: unknown): code is ModelErrorCode =>
  (MODEL_ERROR_CODES as readonly unknown[]).includes(code);

export class ModelError extends CodedError<ModelErrorCode> {
  constructor(
    code: ModelErrorCode,
    message: string,
    /** For 'models/invalid-manifest': every problem found, each prefixed with its JSON path. */
    readonly problems: string[] = [],
  ) {
    super(code, message);
  }
}
