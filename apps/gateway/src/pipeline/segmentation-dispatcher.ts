import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { DicomError } from '@delineo/dicom';
import { PipelineRepository, type SeriesEntity } from '@delineo/db';
import { segmentSeriesJobId } from '@delineo/jobs';
import { checkInput, ModelError, ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import type { JobQueue } from '@delineo/queue';
import { VolumeError, type Volume } from '@delineo/volume';
import { CoreTokens } from '../core/core.tokens';
import { PipelineEvents } from '../events/pipeline-events';
import { WorkInputService } from './work-input.service';

const ACTIVE = new Set(['complete', 'queued', 'running']);

export type DispatcherSeries = Pick<PipelineRepository, 'findSeries' | 'markQueued' | 'markFailed'>;
export type DispatcherInputs = Pick<WorkInputService, 'ensure' | 'locators'>;

/**
 * complete → queued: builds the de-identified input volume once per generation, hands the worker
 * locators to it (pre-signed URLs for S3, `fs:` keys for the filesystem store), and enqueues a job
 * with a deterministic id. The state is written BEFORE the job is added: if the add fails (Redis
 * down), the reconciler finds a queued series without a job and dispatches again.
 */
@Injectable()
export class SegmentationDispatcher {
  private readonly inFlight = new Set<string>();

  constructor(
    @Inject(PipelineRepository) private readonly series: DispatcherSeries,
    @Inject(WorkInputService) private readonly inputs: DispatcherInputs,
    @Inject(CoreTokens.JobQueue) private readonly queue: Pick<JobQueue, 'add'>,
    @Inject(ModelRegistry) private readonly registry: Pick<ModelRegistry, 'has' | 'get'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'pipeline' | 'worker'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
    // Optional: the console's live feed listens; unit specs build the dispatcher without it.
    @Optional() @Inject(PipelineEvents) private readonly events?: Pick<PipelineEvents, 'emit'>,
  ) {}

  /** Never throws: a failure is logged and the reconciler dispatches the series again. */
  async dispatch(seriesId: string): Promise<void> {
    if (this.inFlight.has(seriesId)) return;
    this.inFlight.add(seriesId);
    try {
      await this.run(seriesId);
    } catch (err) {
      this.log.error(
        { err, event: 'dispatch-failed', seriesId },
        'segmentation dispatch failed; the reconciler will retry',
      );
    } finally {
      this.inFlight.delete(seriesId);
    }
  }

  private async run(seriesId: string): Promise<void> {
    const s = await this.series.findSeries(seriesId);
    const modelId = s?.route?.modelId;
    if (!s || !modelId || !ACTIVE.has(s.state)) return;
    const gen = s.generation;
    const t0 = performance.now();
    if (!this.registry.has(modelId)) return this.fail(s, 'models/unknown-model');
    const pkg = this.registry.get(modelId);
    try {
      const check = (grid: Omit<Volume, 'data'>) =>
        checkInput(pkg.manifest, { ...grid, data: new Float32Array(0) }, s.modality ?? '');
      await this.inputs.ensure(s.id, gen, check);
    } catch (err) {
      // The input itself cannot be segmented: retrying would fail the same way.
      if (err instanceof VolumeError || err instanceof ModelError || err instanceof DicomError)
        return this.fail(s, err.code);
      throw err;
    }
    if (!(await this.series.markQueued(s.id, gen, Math.round(performance.now() - t0)))) return; // reopened meanwhile
    this.events?.emit('series-state', { seriesId: s.id, state: 'queued' });
    const { input, output } = await this.inputs.locators(s.id, gen);
    const runner = pkg.manifest.runner;
    // Per-model limit: a command's own timeout plus a margin for I/O, else the worker default.
    const timeoutMs =
      runner.kind === 'command' ? runner.timeoutSeconds * 1000 + 60_000 : this.config.worker.jobTimeoutMs;
    const { attempts, backoffMs } = this.config.pipeline;
    await this.queue.add(
      'segment-series',
      { seriesId: s.id, generation: String(gen), modelId, correlationId: randomUUID(), input, output },
      { jobId: segmentSeriesJobId(s.id, gen), attempts, backoffMs, timeoutMs, priority: s.route?.priority },
    );
    this.log.info({ event: 'series-queued', seriesId: s.id, generation: gen, modelId }, 'segmentation queued');
  }

  private async fail(s: SeriesEntity, code: string): Promise<void> {
    if (await this.series.markFailed(s.id, s.generation, code)) {
      this.events?.emit('series-state', { seriesId: s.id, state: 'failed' });
      this.log.warn({ event: 'series-failed', seriesId: s.id, code }, 'series cannot be segmented');
    }
  }
}
