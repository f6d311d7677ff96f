/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeModel } from './onnx-graph';
import { ModelError } from '../errors';
import { parseTfjsLayersModel, readTfjsLayersModel } from './tfjs-import';
import { tfjsToOnnx } from './tfjs-import.mapper';
import { ImportedLayersModel } from './tfjs-import.types';

const MODEL_JSON = resolve(__dirname, '../../../../../shared/data/brainchop/models/model18cls/model.json');

/** Independent reference: Keras Conv3D (channels_last, stride 1, 'same', TF padding) + ELU, direct loops. */
function kerasForward(
  model: ImportedLayersModel,
  x: Float32Array,
  [n1, n2, n3]: number[],
): { y: Float32Array; c: number } {
  let cur = x;
  let cin = 1;
  for (const l of model.layers) {
    if (l.kind === 'activation') {
      cur = cur.map((v) => (v > 0 ? v : l.alpha * (Math.exp(v) - 1)));
      continue;
    }
    const [k1, k2, k3, , cout] = l.kernelShape;
    const [d1, d2, d3] = l.dilation;
    const [p1, p2, p3] = [d1 * (k1 - 1), d2 * (k2 - 1), d3 * (k3 - 1)].map((t) => Math.floor(t / 2));
    const out = new Float32Array(n1 * n2 * n3 * cout);
    for (let a = 0; a < n1; a++)
      for (let b = 0; b < n2; b++)
        for (let c = 0; c < n3; c++) {
          const acc = new Float64Array(cout);
          for (let o = 0; o < cout; o++) acc[o] = l.bias ? l.bias[o] : 0;
          for (let u = 0; u < k1; u++)
            for (let v = 0; v < k2; v++)
              for (let w = 0; w < k3; w++) {
                const [ia, ib, ic] = [a + u * d1 - p1, b + v * d2 - p2, c + w * d3 - p3];
                if (ia < 0 || ib < 0 || ic < 0 || ia >= n1 || ib >= n2 || ic >= n3) continue;
                const xi = ((ia * n2 + ib) * n3 + ic) * cin;
                const ki = ((u * k2 + v) * k3 + w) * cin * cout;
                for (let i = 0; i < cin; i++)
                  for (let o = 0; o < cout; o++) acc[o] += cur[xi + i] * l.kernel[ki + i * cout + o];
              }
          out.set(acc, ((a * n2 + b) * n3 + c) * cout);
        }
    cur = out;
    cin = cout;
  }
  return { y: cur, c: cin };
}

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('tfjs layers-model → ONNX', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-onnx-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const model = readTfjsLayersModel(MODEL_JSON);

  it('reads the MeshNet chain: 9 dilated 3×3×3 convs with ELU, then a 1×1×1 conv to 18 classes', () => {
    const convs = model.layers.filter((l) => l.kind === 'conv3d');
    expect(convs.map((l) => (l.kind === 'conv3d' ? l.dilation[0] : 0))).toEqual([1, 2, 4, 8, 16, 8, 4, 2, 1, 1]);
    expect(
      model.layers
        .filter((l) => l.kind === 'activation')
        .every((l) => l.kind === 'activation' && l.activation === 'elu'),
    ).toBe(true);
    expect(model.layers.length).toBe(19);
    expect(model.inputShape).toEqual([null, 256, 256, 256, 1]);
  });

  it.each([
    ['reversed spatial axes (brainchop transpose)', true],
    ['Keras spatial axes', false],
  ])('matches a direct JS conv3d+ELU reference on a 12×10×14 input, %s', async (_label, reverse) => {
    const [D, H, W] = [12, 10, 14];
    const path = join(tmp, `meshnet-${reverse}.onnx`);
    writeFileSync(path, encodeModel(tfjsToOnnx(model, { reverseSpatialAxes: reverse })));
    const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
    const x = random(D * H * W, 7);
    const out = await session.run({ input: new ort.Tensor('float32', x, [1, 1, D, H, W]) });
    const logits = out.logits.data as Float32Array;
    const labels = out.labels.data as BigInt64Array;
    expect(out.logits.dims).toEqual([1, 18, D, H, W]);
    // ONNX (D, H, W) = Keras (d3, d2, d1) when reversed, else (d1, d2, d3).
    const kdims = reverse ? [W, H, D] : [D, H, W];
    const kx = new Float32Array(x.length);
    for (let d = 0; d < D; d++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) {
          const k = reverse ? [w, h, d] : [d, h, w];
          kx[(k[0] * kdims[1] + k[1]) * kdims[2] + k[2]] = x[(d * H + h) * W + w];
        }
    const ref = kerasForward(model, kx, kdims);
    let maxErr = 0;
    let labelMismatch = 0;
    for (let d = 0; d < D; d++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) {
          const k = reverse ? [w, h, d] : [d, h, w];
          const r = ((k[0] * kdims[1] + k[1]) * kdims[2] + k[2]) * ref.c;
          const v = (d * H + h) * W + w;
          let best = 0;
          for (let c = 0; c < ref.c; c++) {
            maxErr = Math.max(maxErr, Math.abs(logits[c * D * H * W + v] - ref.y[r + c]));
            if (ref.y[r + c] > ref.y[r + best]) best = c;
          }
          if (Number(labels[v]) !== best) labelMismatch++;
        }
    console.log(
      `MeshNet ONNX vs JS reference (${reverse ? 'reversed' : 'keras'} axes): max |Δlogit| = ${maxErr.toExponential(2)}, label mismatches ${labelMismatch}/${D * H * W}`,
    );
    expect(maxErr).toBeLessThan(1e-4);
    expect(labelMismatch).toBe(0);
    await session.release();
  });

  it('refuses a layer it cannot express with models/unsupported-layer', () => {
    const json = {
      format: 'layers-model',
      modelTopology: {
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'bn',
            layers: [
              { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 8, 1] } },
              { class_name: 'BatchNormalization', config: { name: 'bn1', axis: -1 } },
            ],
          },
        },
      },
      weightsManifest: [],
    };
    expect(() => parseTfjsLayersModel(json, [])).toThrow(
      expect.objectContaining({ code: 'models/unsupported-layer' }) as unknown as ModelError,
    );
  });
});
