import type { DataSource } from 'typeorm';
import { PipelineRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import type { SegmentationDispatcher } from './segmentation-dispatcher';
import type { SegmentationTracker } from './segmentation-tracker';

export interface ReconcilerSettings {
  intervalMs: number;
  /** A `complete` series untouched this long is dispatched again. */
  stallMs: number;
}

/**
 * The database is the truth, the queue a dispatcher that can lose work (FLUSHALL, failover, a
 * crash between two writes). Every interval: complete series that were never queued are
 * dispatched; queued/running series are settled from their job, and re-dispatched when the job
 * is gone. Re-dispatch reuses the stored input volume and the deterministic job id.
 */
export class PipelineReconciler {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly repo: PipelineRepository;

  constructor(
    ds: DataSource,
    private readonly dispatcher: SegmentationDispatcher,
    private readonly tracker: SegmentationTracker,
    private readonly settings: ReconcilerSettings,
    private readonly log: Logger,
    /** Result delivery's own catch-up (unscheduled results, lost delivery jobs). */
    private readonly delivery?: { reconcile(before: Date): Promise<number> },
  ) {
    this.repo = new PipelineRepository(ds);
  }

  start(): void {
    this.timer = setInterval(() => void this.reconcile(), this.settings.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async reconcile(now = new Date()): Promise<{ dispatched: number; settled: number }> {
    if (this.running) return { dispatched: 0, settled: 0 };
    this.running = true;
    let dispatched = 0, settled = 0;
    try {
      for (const s of await this.repo.findStalled(['complete'], new Date(now.getTime() - this.settings.stallMs))) {
        await this.dispatcher.dispatch(s.id);
        dispatched++;
      }
      // Grace of one interval: a job is added just after its series is marked queued.
      for (const s of await this.repo.findStalled(['queued', 'running'], new Date(now.getTime() - Math.min(this.settings.intervalMs, 5000)))) {
        const outcome = await this.tracker.settle(s.id, s.generation);
        if (outcome === 'missing') {
          this.log.warn({ event: 'job-lost', seriesId: s.id, state: s.state }, 'no job for an active series: dispatching again');
          await this.dispatcher.dispatch(s.id);
          dispatched++;
        } else if (outcome !== 'waiting') settled++;
      }
      if (this.delivery) dispatched += await this.delivery.reconcile(new Date(now.getTime() - this.settings.stallMs));
    } catch (err) {
      this.log.error({ err, event: 'reconcile-failed' }, 'pipeline reconciliation failed');
    } finally {
      this.running = false;
    }
    return { dispatched, settled };
  }
}
