import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@delineo/config';
import { PipelineRepository, SeriesEntity } from '@delineo/db';
import { segmentSeriesJobId, workKeys } from '@delineo/jobs';
import { checkInput, type ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import type { JobQueue } from '@delineo/queue';
import type { ObjectStore } from '@delineo/storage';
import type { Volume } from '@delineo/volume';
import type { ModelThreadPool } from '@delineo/worker';
import { buildWorkVolume } from './work-volume';

export interface DispatcherDeps {
  ds: DataSource;
  store: ObjectStore;
  queue: JobQueue;
  registry: ModelRegistry;
  threads: ModelThreadPool;
  config: Pick<AppConfig, 'pipeline' | 'worker' | 'mode'>;
  log: Logger;
}

const ACTIVE = new Set(['complete', 'queued', 'running']);

/**
 * complete → queued: builds the de-identified input volume once per generation, hands the worker
 * locators to it (pre-signed URLs for S3, `fs:` keys for the filesystem store), and enqueues a job
 * with a deterministic id. The state is written BEFORE the job is added: if the add fails (Redis
 * down), the reconciler finds a queued series without a job and dispatches again.
 */
export class SegmentationDispatcher {
  private readonly inFlight = new Set<string>();
  private readonly repo: PipelineRepository;

  constructor(private readonly deps: DispatcherDeps) {
    this.repo = new PipelineRepository(deps.ds);
  }

  async dispatch(seriesId: string): Promise<void> {
    if (this.inFlight.has(seriesId)) return;
    this.inFlight.add(seriesId);
    try {
      await this.run(seriesId);
    } catch (err) {
      this.deps.log.error({ err, event: 'dispatch-failed', seriesId }, 'segmentation dispatch failed; the reconciler will retry');
    } finally {
      this.inFlight.delete(seriesId);
    }
  }

  private async run(seriesId: string): Promise<void> {
    const { ds, store, queue, registry, config, log } = this.deps;
    const s = await ds.manager.findOneBy(SeriesEntity, { id: seriesId });
    const modelId = s?.route?.modelId;
    if (!s || !modelId || !ACTIVE.has(s.state)) return;
    const gen = s.generation;
    const t0 = performance.now();
    if (!registry.has(modelId)) return void (await this.fail(s, 'models/unknown-model'));
    const pkg = registry.get(modelId);
    const keys = workKeys(s.id, gen);
    if (!(await store.head(keys.volume))) {
      let built;
      try {
        built = await buildWorkVolume(ds, store, this.deps.threads, s.id);
        checkInput(pkg.manifest, { ...built.grid, data: new Float32Array(0) } as Volume, s.modality ?? '');
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code && /^(volume|models|dicom)\//.test(code)) return void (await this.fail(s, code));
        throw err;
      }
      await store.put(keys.sources, built.sources, { contentType: 'application/json' });
      await store.put(keys.volume, Buffer.from(built.nifti.buffer, built.nifti.byteOffset, built.nifti.byteLength), { contentType: 'application/gzip' });
    }
    if (!(await this.repo.markQueued(s.id, gen, Math.round(performance.now() - t0)))) return; // reopened meanwhile
    const [input, output] = await this.locators(keys.volume, keys.labels);
    const runner = pkg.manifest.runner;
    // Per-model limit: a command's own timeout plus a margin for I/O, else the worker default.
    const timeoutMs = runner.kind === 'command' ? runner.timeoutSeconds * 1000 + 60_000 : config.worker.jobTimeoutMs;
    await queue.add(
      'segment-series',
      { seriesId: s.id, generation: String(gen), modelId, correlationId: randomUUID(), input, output },
      { jobId: segmentSeriesJobId(s.id, gen), attempts: config.pipeline.attempts, backoffMs: config.pipeline.backoffMs, timeoutMs, priority: s.route?.priority },
    );
    log.info({ event: 'series-queued', seriesId: s.id, generation: gen, modelId }, 'segmentation queued');
  }

  private async locators(volumeKey: string, labelsKey: string): Promise<[string, string]> {
    const { store, config } = this.deps;
    if (config.mode.store.kind === 'fs') return [`fs:${volumeKey}`, `fs:${labelsKey}`];
    const ttl = config.pipeline.urlTtlSeconds;
    return [(await store.presignGet(volumeKey, ttl)).toString(), (await store.presignPut(labelsKey, ttl)).toString()];
  }

  private async fail(s: SeriesEntity, code: string): Promise<void> {
    if (await this.repo.markFailed(s.id, s.generation, code)) {
      this.deps.log.warn({ event: 'series-failed', seriesId: s.id, code }, 'series cannot be segmented');
    }
  }
}
