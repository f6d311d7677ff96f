import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { DeliveryRepository, PipelineRepository, type DeliveryEntity } from '@delineo/db';
import { deliverResultJobId } from '@delineo/jobs';
import type { Logger } from '@delineo/observability';
import type { JobQueue } from '@delineo/queue';
import { CoreTokens } from '../core/core.tokens';
import type { CatchUpStep } from '../pipeline/pipeline.tokens';

export type SchedulerDeliveries = Pick<DeliveryRepository, 'schedule' | 'replay' | 'stalled' | 'findUnscheduled'>;

/**
 * Schedules the results back to the hospital once the results step has stored the research SEG:
 * one delivery row and one deliver-result job per destination of the series' route, with a
 * deterministic job id; replays dead letters; and catches up on rows whose job was lost.
 */
@Injectable()
export class DeliveryService implements CatchUpStep {
  readonly stepName = 'delivery';

  constructor(
    @Inject(PipelineRepository) private readonly series: Pick<PipelineRepository, 'findSeries'>,
    @Inject(DeliveryRepository) private readonly deliveries: SchedulerDeliveries,
    @Inject(CoreTokens.JobQueue) private readonly queue: Pick<JobQueue, 'add' | 'getJob' | 'retryFailed'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'delivery'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'error'>,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  /** The destinations of the live settings (issue 15): read per use, so a change needs no restart. */
  private get destinations(): Set<string> {
    return new Set(this.live.current().destinations.map((d) => d.name));
  }

  /** After 'result-stored': one pending row and one job per configured destination of the route. */
  async schedule(seriesId: string): Promise<void> {
    const s = await this.series.findSeries(seriesId);
    if (!s || s.state !== 'segmented' || s.resultGeneration !== s.generation) return;
    const wanted = s.route?.deliverTo ?? [];
    if (wanted.length === 0) return;
    const configured = this.destinations;
    const known = wanted.filter((d) => configured.has(d));
    for (const d of wanted.filter((x) => !configured.has(x))) {
      this.log.error(
        { event: 'delivery-unknown-destination', seriesId, destination: d },
        'routing names a destination that is not configured',
      );
    }
    await this.deliveries.schedule(s.id, s.generation, known);
    for (const destination of known) await this.enqueue(s.id, destination, s.generation);
  }

  async replay(seriesId: string, destination: string): Promise<DeliveryEntity | undefined> {
    const row = await this.deliveries.replay(seriesId, destination);
    if (!row) return undefined;
    const id = deliverResultJobId(seriesId, destination, row.generation);
    if (!(await this.queue.retryFailed(id, destination))) await this.enqueue(seriesId, destination, row.generation);
    this.log.info({ event: 'delivery-replayed', seriesId, destination }, 'dead-lettered delivery replayed');
    return row;
  }

  /** Stored results never scheduled (a crash in between) and pending rows whose job was lost. */
  async reconcile(before: Date): Promise<number> {
    let n = 0;
    for (const id of await this.deliveries.findUnscheduled()) {
      await this.schedule(id);
      n++;
    }
    const configured = this.destinations;
    for (const d of await this.deliveries.stalled(before)) {
      if (!configured.has(d.destination)) continue;
      if (!(await this.queue.getJob(deliverResultJobId(d.seriesId, d.destination, d.generation), d.destination))) {
        await this.enqueue(d.seriesId, d.destination, d.generation);
        n++;
      }
    }
    return n;
  }

  private async enqueue(seriesId: string, destination: string, generation: number): Promise<void> {
    const c = this.config.delivery;
    await this.queue.add(
      'deliver-result',
      { seriesId, destination, correlationId: randomUUID() },
      {
        jobId: deliverResultJobId(seriesId, destination, generation),
        partition: destination,
        attempts: c.attempts,
        backoffMs: c.backoffMs,
        backoffMaxMs: c.backoffMaxMs,
        timeoutMs: c.timeoutMs + 30_000,
      },
    );
  }
}
