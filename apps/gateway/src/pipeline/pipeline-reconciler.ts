import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { PipelineRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { PipelineTokens, type CatchUpStep } from './pipeline.tokens';
import { SegmentationDispatcher } from './segmentation-dispatcher';
import { SegmentationTracker } from './segmentation-tracker';

export type ReconcilerSeries = Pick<PipelineRepository, 'findStalled'>;

/**
 * The database is the truth, the queue a dispatcher that can lose work (FLUSHALL, failover, a
 * crash between two writes). Every interval: complete series that were never queued are
 * dispatched; queued/running series are settled from their job, and re-dispatched when the job
 * is gone; then each later step (results, delivery) catches up on its own unfinished rows.
 * Re-dispatch reuses the stored input volume and the deterministic job id.
 */
@Injectable()
export class PipelineReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly intervalMs: number;
  /** A `complete` series untouched this long is dispatched again. */
  private readonly stallMs: number;

  constructor(
    @Inject(PipelineRepository) private readonly series: ReconcilerSeries,
    @Inject(SegmentationDispatcher) private readonly dispatcher: Pick<SegmentationDispatcher, 'dispatch'>,
    @Inject(SegmentationTracker) private readonly tracker: Pick<SegmentationTracker, 'settle'>,
    @Inject(PipelineTokens.CatchUpSteps) private readonly steps: readonly CatchUpStep[],
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'pipeline'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn' | 'error'>,
  ) {
    this.intervalMs = config.pipeline.reconcileIntervalMs;
    this.stallMs = config.pipeline.stallMs;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcile(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async reconcile(now = new Date()): Promise<{ dispatched: number; settled: number }> {
    if (this.running) return { dispatched: 0, settled: 0 };
    this.running = true;
    let dispatched = 0;
    let settled = 0;
    try {
      for (const s of await this.series.findStalled(['complete'], new Date(now.getTime() - this.stallMs))) {
        await this.dispatcher.dispatch(s.id);
        dispatched++;
      }
      // Grace of one interval: a job is added just after its series is marked queued.
      const grace = new Date(now.getTime() - Math.min(this.intervalMs, 5000));
      for (const s of await this.series.findStalled(['queued', 'running'], grace)) {
        const outcome = await this.tracker.settle(s.id, s.generation);
        if (outcome === 'missing') {
          this.log.warn(
            { event: 'job-lost', seriesId: s.id, state: s.state },
            'no job for an active series: dispatching again',
          );
          await this.dispatcher.dispatch(s.id);
          dispatched++;
        } else if (outcome !== 'waiting') settled++;
      }
      for (const step of this.steps) dispatched += await step.reconcile(new Date(now.getTime() - this.stallMs));
    } catch (err) {
      this.log.error({ err, event: 'reconcile-failed' }, 'pipeline reconciliation failed');
    } finally {
      this.running = false;
    }
    return { dispatched, settled };
  }
}
