/**
 * Runs inside a worker thread (model-thread.ts). onnxruntime-node's session.run, the built-in
 * models, pixel decoding (JPEG 2000 in WASM) and NIfTI encoding are CPU-bound and block the thread
 * that calls them, for minutes on a brain volume. Off the main thread, BullMQ keeps renewing its
 * job lock (else the job is declared stalled and run twice), and DIMSE and HTTP stay responsive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelRegistry, runModel, type RunModelOptions } from '@delineo/models';
import { assembleSeries, encodeNifti, type Volume } from '@delineo/volume';

type Request =
  | { id: number; task: 'run'; modelId: string; volume: Volume; options: Omit<RunModelOptions, 'signal' | 'log'> }
  | { id: number; task: 'assemble'; buffers: Uint8Array[] }
  | { cancel: number };

const registry = ModelRegistry.load((workerData as { modelsDir?: string }).modelsDir);
const running = new Map<number, AbortController>();

async function handle(
  req: Exclude<Request, { cancel: number }>,
  signal: AbortSignal,
): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  if (req.task === 'run') {
    const r = await runModel(registry.get(req.modelId), req.volume, { ...req.options, signal });
    return { result: r, transfer: [r.labelMap.buffer as ArrayBuffer] };
  }
  const vol = await assembleSeries(req.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
  const nifti = encodeNifti(vol, { datatype: 'lossless', gzip: true, gzipLevel: 1 });
  const { dims, spacing, origin, direction, sources } = vol;
  return { result: { nifti, grid: { dims, spacing, origin, direction, sources } }, transfer: [] };
}

parentPort!.on('message', (req: Request) => {
  // A cancel lets the command runner kill its process group before the thread is terminated.
  if ('cancel' in req) return void running.get(req.cancel)?.abort();
  const ac = new AbortController();
  running.set(req.id, ac);
  handle(req, ac.signal)
    .finally(() => running.delete(req.id))
    .then(
      ({ result, transfer }) => parentPort!.postMessage({ id: req.id, result }, transfer),
      (e: Error & { code?: string; problems?: string[] }) =>
        parentPort!.postMessage({
          id: req.id,
          error: { name: e?.name, code: e?.code, message: e?.code ? e.message : undefined, problems: e?.problems },
        }),
    );
});
