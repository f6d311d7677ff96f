import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DicomError, isDicomErrorCode } from '@delineo/dicom';
import { isModelErrorCode, ModelError, type ModelRunResult, type RunModelOptions } from '@delineo/models';
import { isVolumeErrorCode, VolumeError, type Mat3, type SliceSource, type Vec3, type Volume } from '@delineo/volume';

export type ModelRunner = (modelId: string, vol: Volume, opts: RunModelOptions) => Promise<ModelRunResult>;

export interface AssembledVolume {
  /** NIfTI-1, gzip level 1; int16 when every voxel is an integer in range (CT in HU), else float32. */
  nifti: Uint8Array;
  grid: { dims: Vec3; spacing: Vec3; origin: Vec3; direction: Mat3; sources: SliceSource[] };
}

/**
 * Long-lived threads for CPU-bound work (models, series assembly), so ONNX sessions stay cached between jobs. A cancelled
 * or timed-out job terminates its thread (the only way to stop a native inference) and the next
 * job gets a fresh one. Only coded errors keep their message across the boundary.
 */
export class ModelThreadPool {
  private idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private seq = 0;

  private readonly waiting: ((w: Worker) => void)[] = [];
  private closed = false;

  /**
   * At most `maxThreads` threads (each may hold a whole volume): further requests wait for one.
   * Default: the worker concurrency plus one, so assembling a new series never waits on a model.
   */
  constructor(
    private readonly modelsDir: string | undefined,
    private readonly maxThreads = 2,
  ) {}

  readonly run: ModelRunner = async (modelId, vol, opts) => {
    const { signal, log: _log, ...options } = opts;
    const data =
      vol.data.byteOffset === 0 && vol.data.byteLength === vol.data.buffer.byteLength ? vol.data : vol.data.slice();
    // Transferred, not copied: the caller must not use vol.data afterwards.
    return this.request<ModelRunResult>(
      { task: 'run', modelId, volume: { ...vol, data }, options },
      [data.buffer as ArrayBuffer],
      signal,
    );
  };

  /** Decodes and sorts a series' Part 10 files into a NIfTI (gzip level 1) plus its grid and slice sources. */
  assemble(buffers: Buffer[]): Promise<AssembledVolume> {
    return this.request<AssembledVolume>({ task: 'assemble', buffers }, []);
  }

  private async request<T>(
    message: Record<string, unknown>,
    transfer: ArrayBuffer[],
    signal?: AbortSignal,
  ): Promise<T> {
    const worker = await this.acquire();
    const id = ++this.seq;
    try {
      const result = await new Promise<T>((resolve, reject) => {
        const onMessage = (m: {
          id: number;
          result?: T;
          error?: { name?: string; code?: string; message?: string; problems?: string[] };
        }) => {
          if (m.id !== id) return;
          cleanup();
          if (m.result) resolve(m.result);
          else reject(threadError(m.error));
        };
        const onExit = () => (cleanup(), reject(new ModelError('models/cancelled', 'the model thread exited')));
        // Ask first (a command model kills its child processes), then stop the thread regardless:
        // a native inference cannot be interrupted any other way.
        const onAbort = () => {
          worker.postMessage({ cancel: id });
          setTimeout(() => void worker.terminate(), 2000).unref();
          reject(new ModelError('models/cancelled', 'the job was cancelled'));
        };
        const cleanup = () => {
          worker.off('message', onMessage).off('exit', onExit).off('error', onExit);
          signal?.removeEventListener('abort', onAbort);
        };
        worker.on('message', onMessage).once('exit', onExit).once('error', onExit);
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.postMessage({ id, ...message }, transfer);
      });
      this.release(worker);
      return result;
    } catch (err) {
      if (signal?.aborted)
        this.forget(worker); // onAbort terminates it after its grace period
      else if ((err as ModelError).code === 'models/cancelled') this.discard(worker);
      else this.release(worker);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle = [];
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.all.size < this.maxThreads) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private spawn(): Worker {
    // Under ts-node/tsx/jest this file is TypeScript: the thread needs the same loader.
    const ts = extname(__filename) === '.ts';
    const w = new Worker(join(__dirname, `model-thread.entry${ts ? '.ts' : '.js'}`), {
      workerData: { modelsDir: this.modelsDir },
      execArgv: ts ? ['--require', 'tsx/cjs'] : [],
    });
    w.unref();
    this.all.add(w);
    w.once('exit', () => this.discard(w));
    return w;
  }

  private forget(w: Worker): void {
    if (!this.all.delete(w)) return; // already forgotten (an explicit discard, then its exit event)
    this.idle = this.idle.filter((x) => x !== w);
    // A slot freed up: a waiting request gets a fresh thread.
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) next(this.spawn());
  }

  private discard(w: Worker): void {
    this.forget(w);
    void w.terminate();
  }
}

/**
 * The thread's error as the coded error it was (models, volume or DICOM: a model refused its input,
 * a series cannot be assembled or parsed), so callers can tell a permanent failure from a passing one.
 */
function threadError(e: { name?: string; code?: string; message?: string; problems?: string[] } | undefined): Error {
  const code = e?.code;
  if (isModelErrorCode(code)) return new ModelError(code, e?.message ?? code, e?.problems ?? []);
  if (isVolumeErrorCode(code)) return new VolumeError(code, e?.message ?? code);
  if (isDicomErrorCode(code)) return new DicomError(code, e?.message ?? code);
  return new Error(`model thread failed (${e?.name ?? 'Error'}${code ? `, ${code}` : ''})`);
}
