/**
 * Jest environment for onnxruntime-node specs. Jest runs each spec in its own vm realm and shares
 * only Uint8Array with the host (jest-environment-node), while onnxruntime-node builds output
 * tensors from host-realm typed arrays and onnxruntime-common checks them with `instanceof`
 * against the spec realm: an int64 output then fails with "A int64 tensor's data must be type of
 * BigInt64Array". Sharing the host's typed-array constructors makes both realms agree.
 * Use with a `@jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js` docblock.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint16Array',
  'Uint32Array',
  'Uint8ClampedArray',
  'BigInt64Array',
  'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
