import * as ort from 'onnxruntime-node';
import { ModelError } from '../errors';
import { ONNX_IO } from './tfjs-import.mapper';

/** Execution providers we try, in the caller's order. 'webgpu' is bundled in the linux x64 build. */
export type OnnxProvider = 'cuda' | 'webgpu' | 'cpu';

export interface OnnxSessionHandle {
  session: ort.InferenceSession;
  provider: OnnxProvider;
  /** Why each earlier provider was skipped, in order. */
  skipped: { provider: OnnxProvider; reason: string }[];
}

export interface CreateSessionOptions {
  log?: (msg: string) => void;
  intraOpNumThreads?: number;
}

/**
 * Creates a session on the first provider that loads. onnxruntime-node's CUDA EP ships only when
 * installed with ONNXRUNTIME_NODE_INSTALL=cuda12 (listSupportedBackends reports bundled: false
 * otherwise), and WebGPU needs a usable adapter, so each is tried on its own and skipped on error.
 * Nodes a GPU provider cannot run still fall back to CPU inside onnxruntime; that is not reported.
 */
export async function createOnnxSession(
  modelPath: string,
  providers: OnnxProvider[],
  opts: CreateSessionOptions = {},
): Promise<OnnxSessionHandle> {
  const skipped: OnnxSessionHandle['skipped'] = [];
  const backends = new Map(ort.listSupportedBackends().map((b) => [b.name, b.bundled]));
  for (const provider of providers) {
    if (provider !== 'cpu' && backends.get(provider) !== true) {
      skipped.push({
        provider,
        reason: backends.has(provider)
          ? 'not bundled in this onnxruntime-node install'
          : 'unknown to this onnxruntime-node build',
      });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
      });
      opts.log?.(
        `onnx session on '${provider}'${skipped.length ? ` (skipped ${skipped.map((s) => `${s.provider}: ${s.reason}`).join('; ')})` : ''}`,
      );
      return { session, provider, skipped };
    } catch (e) {
      skipped.push({ provider, reason: (e as Error).message.split('\n')[0] });
    }
  }
  throw new ModelError(
    'models/no-execution-provider',
    `no provider of [${providers.join(', ')}] could load ${modelPath}: ${skipped.map((s) => `${s.provider}: ${s.reason}`).join('; ')}`,
  );
}

/** Runs one [D, H, W] block (x fastest, i.e. [1, 1, D, H, W] row-major) and returns labels. */
export async function runLabels(
  session: ort.InferenceSession,
  data: Float32Array,
  dims: [number, number, number],
): Promise<Uint8Array> {
  const input = new ort.Tensor('float32', data, [1, 1, ...dims]);
  if (session.outputNames.includes(ONNX_IO.labels)) {
    const out = await session.run({ [session.inputNames[0]]: input }, [ONNX_IO.labels]);
    const labels = out[ONNX_IO.labels];
    const res = Uint8Array.from(labels.data as BigInt64Array, (v) => Number(v));
    labels.dispose();
    return res;
  }
  const logits = await runLogits(session, data, dims);
  return argmaxChannels(logits, logits.length / (dims[0] * dims[1] * dims[2]));
}

/** Runs one block and returns logits [C, D, H, W] (channel-major). */
export async function runLogits(
  session: ort.InferenceSession,
  data: Float32Array,
  dims: [number, number, number],
): Promise<Float32Array> {
  const input = new ort.Tensor('float32', data, [1, 1, ...dims]);
  const name = session.outputNames.includes(ONNX_IO.logits) ? ONNX_IO.logits : session.outputNames[0];
  const out = await session.run({ [session.inputNames[0]]: input }, [name]);
  const t = out[name];
  if (t.type !== 'float32')
    throw new ModelError('models/invalid-input', `output ${name} is ${t.type}, expected float32 logits`);
  return t.data as Float32Array;
}

/** Channel-major scores [C, N] → labels [N]; the first maximum wins, like ONNX ArgMax. */
export function argmaxChannels(scores: Float32Array, channels: number): Uint8Array {
  const n = scores.length / channels;
  const labels = new Uint8Array(n);
  const best = scores.slice(0, n);
  for (let c = 1; c < channels; c++) {
    const off = c * n;
    for (let v = 0; v < n; v++) {
      if (scores[off + v] > best[v]) {
        best[v] = scores[off + v];
        labels[v] = c;
      }
    }
  }
  return labels;
}
