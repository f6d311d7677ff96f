import type { SegmentSeriesResult } from '@delineo/jobs';
import { runModel, type ModelRegistry, type ModelRunResult } from '@delineo/models';
import type { ModelRunner } from './model-thread';
import type { Logger } from '@delineo/observability';
import { PermanentJobError, type JobHandler } from '@delineo/queue';
import { decodeNifti, encodeNifti } from '@delineo/volume';
import type { WorkIo } from './work-io';

export interface SegmentHandlerDeps {
  registry: ModelRegistry;
  io: WorkIo;
  log: Logger;
  providers?: ('cuda' | 'webgpu' | 'cpu')[];
  tempDir?: string;
  /**
   * Where the model runs. Production passes ModelThreadPool.run (off the event loop); the default
   * runs in this thread, which is only fit for short models in tests.
   */
  run?: ModelRunner;
}

/** Retrying cannot fix these: the model or its manifest refuses this input. */
const PERMANENT = new Set([
  'models/unknown-model',
  'models/input-rejected',
  'models/invalid-manifest',
  'models/unsupported-preprocessing',
  'models/invalid-input',
  'volume/invalid-nifti',
]);

/**
 * segment-series: read the de-identified volume, run the model, write the label map (uint8
 * NIfTI on the same grid) and return volumes and timings through the queue. The worker knows
 * only pseudonymized ids; it never sees the vault, the database or an original identifier.
 */
export function createSegmentHandler(deps: SegmentHandlerDeps): JobHandler<'segment-series'> {
  return async (job) => {
    const { seriesId, modelId } = job.data;
    const startedAt = new Date();
    const t = [performance.now()];
    const lap = () => t.push(performance.now()) && t[t.length - 1] - t[t.length - 2];
    try {
      const pkg = deps.registry.get(modelId);
      await job.updateProgress(5);
      const input = await deps.io.read(job.data.input);
      const downloadMs = lap();
      const vol = decodeNifti(input);
      const decodeMs = lap();
      await job.updateProgress(15);
      deps.log.info(
        { event: 'segment-started', seriesId, modelId, attempt: job.attemptsMade + 1, dims: vol.dims },
        'segmentation started',
      );
      const grid = { dims: vol.dims, spacing: vol.spacing, origin: vol.origin, direction: vol.direction, sources: [] };
      const dims = vol.dims;
      const options = { providers: deps.providers, signal: job.signal, tempRoot: deps.tempDir };
      const run: ModelRunResult = deps.run ? await deps.run(modelId, vol, options) : await runModel(pkg, vol, options);
      lap();
      await job.updateProgress(85);
      // vol.data may have been handed to the model thread; the grid is all the output needs.
      await deps.io.write(
        job.data.output,
        encodeNifti(
          { ...grid, data: Float32Array.from(run.labelMap) },
          { datatype: 'uint8', gzip: true, gzipLevel: 1 },
        ),
      );
      const uploadMs = lap();
      await job.updateProgress(100);
      const result: SegmentSeriesResult = {
        modelId,
        modelVersion: pkg.manifest.version,
        engine: run.engine,
        dims,
        volumes: run.volumes.map((v) => ({
          value: v.value,
          name: v.name,
          voxels: v.voxels,
          volumeMl: Math.round(v.volumeMl * 1000) / 1000,
        })),
        timings: {
          downloadMs: ms(downloadMs),
          decodeMs: ms(decodeMs),
          inferenceMs: ms(run.inferenceMs),
          postprocessMs: ms(run.postprocessMs),
          uploadMs: ms(uploadMs),
          totalMs: ms(performance.now() - t[0]),
        },
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
      };
      deps.log.info(
        { event: 'segment-finished', seriesId, modelId, engine: run.engine, timings: result.timings },
        'segmentation finished',
      );
      return result;
    } catch (err) {
      const code = (err as { code?: string }).code;
      deps.log.warn(
        { event: 'segment-failed', seriesId, modelId, code, attempt: job.attemptsMade + 1 },
        'segmentation attempt failed',
      );
      if (code && PERMANENT.has(code) && !(err instanceof PermanentJobError))
        throw new PermanentJobError(code, (err as Error).message);
      throw err;
    }
  };
}

const ms = (v: number): number => Math.round(v);
