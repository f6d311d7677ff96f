/**
 * Runs inside a worker thread (model-thread.ts). onnxruntime-node's session.run and the built-in
 * models are CPU-bound and block the thread that calls them — for minutes on a brain volume. Off
 * the main thread, BullMQ keeps renewing its job lock (else the job is declared stalled and run
 * twice), and an in-process worker leaves DIMSE and HTTP responsive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelRegistry, runModel, type RunModelOptions } from '@delineo/models';
import type { Volume } from '@delineo/volume';

interface Request {
  id: number;
  modelId: string;
  volume: Volume;
  options: Omit<RunModelOptions, 'signal' | 'log'>;
}

const registry = ModelRegistry.load((workerData as { modelsDir?: string }).modelsDir);

const running = new Map<number, AbortController>();

parentPort!.on('message', (req: Request | { cancel: number }) => {
  // A cancel lets the command runner kill its process group before the thread is terminated.
  if ('cancel' in req) return void running.get(req.cancel)?.abort();
  const ac = new AbortController();
  running.set(req.id, ac);
  Promise.resolve()
    .then(() => runModel(registry.get(req.modelId), req.volume, { ...req.options, signal: ac.signal }))
    .finally(() => running.delete(req.id))
    .then(
    (r) => parentPort!.postMessage({ id: req.id, result: r }, [r.labelMap.buffer as ArrayBuffer]),
    (e: Error & { code?: string; problems?: string[] }) =>
      parentPort!.postMessage({ id: req.id, error: { name: e?.name, code: e?.code, message: e?.code ? e.message : undefined, problems: e?.problems } }),
  );
});
