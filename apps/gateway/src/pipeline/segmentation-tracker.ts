import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PipelineRepository } from '@delineo/db';
import { parseSegmentSeriesJobId, segmentSeriesJobId, validateSegmentResult, workKeys } from '@delineo/jobs';
import type { Logger } from '@delineo/observability';
import { failureCodeOf, type JobInfo, type JobQueue } from '@delineo/queue';
import type { ObjectStore } from '@delineo/storage';
import { CoreTokens } from '../core/core.tokens';
import { PipelineEvents } from '../events/pipeline-events';

export type SettleOutcome = 'segmented' | 'failed' | 'running' | 'waiting' | 'missing' | 'stale';

export type TrackerSeries = Pick<PipelineRepository, 'markFailed' | 'markRunning' | 'markSegmented'>;

/**
 * Applies what the queue knows about a series' job to the database. Called on queue events (any
 * process) and by the reconciler, so a missed event (gateway restart, Redis failover) is caught up
 * later. Every write is a guarded transition: settling twice, or late, changes nothing.
 */
@Injectable()
export class SegmentationTracker implements OnModuleInit {
  constructor(
    @Inject(PipelineRepository) private readonly repo: TrackerSeries,
    @Inject(CoreTokens.ObjectStore) private readonly store: Pick<ObjectStore, 'head'>,
    @Inject(CoreTokens.JobQueue) private readonly queue: Pick<JobQueue, 'getJob' | 'onActive' | 'onFinished'>,
    @Inject(PipelineEvents) private readonly events: Pick<PipelineEvents, 'emit'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  onModuleInit(): void {
    this.listen();
  }

  /** Subscribes to the queue's events; errors are logged, the reconciler retries. */
  listen(): void {
    const settle = (id: string) => {
      const parsed = parseSegmentSeriesJobId(id);
      if (parsed)
        this.settle(parsed.seriesId, parsed.generation).catch((err) =>
          this.log.error({ err, event: 'settle-failed', seriesId: parsed.seriesId }, 'could not record a job outcome'),
        );
    };
    this.queue.onActive('segment-series', settle);
    this.queue.onFinished('segment-series', (e) => settle(e.id));
  }

  async settle(seriesId: string, generation: number): Promise<SettleOutcome> {
    const job = await this.queue.getJob(segmentSeriesJobId(seriesId, generation));
    if (!job) return 'missing';
    switch (job.state) {
      case 'completed':
        return this.completed(seriesId, generation, job);
      case 'failed': {
        const code = failureCodeOf(job.failedReason) ?? 'pipeline/worker-failed'; // e.g. a job stalled too often
        if (!(await this.repo.markFailed(seriesId, generation, code, ['queued', 'running'], job.attemptsStarted)))
          return 'stale';
        this.events.emit('series-state', { seriesId, state: 'failed' });
        this.log.warn({ event: 'series-failed', seriesId, code, attempts: job.attemptsStarted }, 'segmentation failed');
        return 'failed';
      }
      case 'active':
        if (!(await this.repo.markRunning(seriesId, generation, job.attemptsStarted))) return 'stale';
        this.events.emit('series-state', { seriesId, state: 'running' });
        return 'running';
      default:
        return 'waiting';
    }
  }

  private async completed(seriesId: string, generation: number, job: JobInfo): Promise<SettleOutcome> {
    const result = validateSegmentResult(job.result);
    const labelsKey = workKeys(seriesId, generation).labels;
    // A completion whose output vanished (store wiped, wrong bucket) is not a result: re-run it.
    if (!(await this.store.head(labelsKey))) return 'missing';
    const ok = await this.repo.markSegmented(seriesId, generation, {
      segmentation: {
        modelId: result.modelId,
        modelVersion: result.modelVersion,
        engine: result.engine,
        dims: result.dims,
        labelsKey,
        timings: result.timings,
      },
      volumes: result.volumes,
      startedAt: new Date(result.startedAt),
      finishedAt: new Date(result.finishedAt),
      attempts: Math.max(1, job.attemptsStarted),
    });
    if (!ok) return 'stale';
    this.log.info(
      {
        event: 'series-segmented',
        seriesId,
        modelId: result.modelId,
        engine: result.engine,
        totalMs: result.timings.totalMs,
      },
      'series segmented',
    );
    this.events.emit('series-segmented', { seriesId, generation });
    return 'segmented';
  }
}
