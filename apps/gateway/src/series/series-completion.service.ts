import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { PipelineEvents, type CompletionReason } from '../events/pipeline-events';
import type { CommitResult, SeriesTracker } from '../ingest/ingest.ports';
import { IngestTokens } from '../ingest/ingest.tokens';

/** Database operations completion needs; every transition is guarded in SQL by state + generation. */
export interface SeriesStateStore {
  /** received → complete, only if the series is still `received` at `generation`. */
  complete(seriesId: string, generation: number): Promise<boolean>;
  /** Series in `received` whose last instance is older than `before`. */
  dueForCompletion(before: Date): Promise<Array<{ id: string; generation: number }>>;
  generationOf(seriesId: string): Promise<number | undefined>;
}

/**
 * A series is complete when the quiet period passes, the association that carried it is released,
 * or the header's expected count is met (whichever first). Late instances reopen it (the archive
 * bumps its generation), so a completion racing a late instance loses the SQL guard and is a no-op.
 */
@Injectable()
export class SeriesCompletionService implements SeriesTracker, OnApplicationBootstrap, OnModuleDestroy {
  private readonly byAssociation = new Map<string, Set<string>>();
  private readonly quietPeriodMs: number;
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @Inject(IngestTokens.SeriesStateStore) private readonly store: SeriesStateStore,
    @Inject(PipelineEvents) private readonly events: PipelineEvents,
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'series'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'error'>,
  ) {
    this.quietPeriodMs = config.series.quietPeriodSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  start(sweepEveryMs = Math.max(250, Math.min(5000, this.quietPeriodMs / 4))): void {
    this.timer = setInterval(() => void this.sweep(), sweepEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private onError(err: unknown): void {
    this.log.error({ err, event: 'series-completion-failed' }, 'series completion sweep failed');
  }

  instanceStored(seriesId: string, associationId: string | undefined, commit: CommitResult): void {
    if (associationId) {
      const set = this.byAssociation.get(associationId) ?? new Set<string>();
      set.add(seriesId);
      this.byAssociation.set(associationId, set);
    }
    const expected = commit.seriesExpectedInstances;
    if (expected && commit.seriesInstanceCount !== undefined && commit.seriesInstanceCount >= expected) {
      void this.completeCurrent(seriesId, 'expected-count');
    }
  }

  associationReleased(associationId: string): void {
    const series = this.byAssociation.get(associationId);
    this.byAssociation.delete(associationId);
    for (const id of series ?? []) void this.completeCurrent(id, 'association-released');
  }

  /** Also called on abort: forget the association without completing anything. */
  associationAborted(associationId: string): void {
    this.byAssociation.delete(associationId);
  }

  async sweep(now = new Date()): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const due = await this.store.dueForCompletion(new Date(now.getTime() - this.quietPeriodMs));
      for (const s of due) await this.complete(s.id, s.generation, 'quiet-period');
    } catch (err) {
      this.onError(err);
    } finally {
      this.sweeping = false;
    }
  }

  private async completeCurrent(seriesId: string, reason: CompletionReason): Promise<void> {
    try {
      const generation = await this.store.generationOf(seriesId);
      if (generation !== undefined) await this.complete(seriesId, generation, reason);
    } catch (err) {
      this.onError(err);
    }
  }

  private async complete(seriesId: string, generation: number, reason: CompletionReason): Promise<void> {
    if (await this.store.complete(seriesId, generation)) {
      this.log.info({ event: 'series-completed', seriesId, reason }, 'series completed');
      this.events.emit('series-completed', { seriesId, reason });
    }
  }
}
