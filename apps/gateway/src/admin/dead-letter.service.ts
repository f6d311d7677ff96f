import { Inject, Injectable } from '@nestjs/common';
import { PipelineRepository } from '@delineo/db';
import { deliverResultJobId, parseSegmentSeriesJobId } from '@delineo/jobs';
import type { JobQueue } from '@delineo/queue';
import { AuditService } from '../auth/audit.service';
import type { RequestContext } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { DeliveryService } from '../delivery/delivery.service';
import { SegmentationDispatcher } from '../pipeline/segmentation-dispatcher';
import type { ReplayOutcome, ReplayOutcomeDto } from './jobs.dto';

/** The inverse of deliverResultJobId (checked by rebuilding the id, so no odd id is accepted). */
function parseDeliverResultJobId(id: string): { seriesId: string; destination: string } | undefined {
  const m = /^deliver-result:([^:@]+)@([^:@]+):(\d+)$/.exec(id);
  if (!m) return undefined;
  try {
    return deliverResultJobId(m[1], m[2], Number(m[3])) === id ? { seriesId: m[1], destination: m[2] } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replays dead letters in bulk, each as its single action does: a failed segmentation is the
 * series' retry (a new generation), a failed delivery the delivery's replay (same SEG).
 */
@Injectable()
export class DeadLetterService {
  constructor(
    @Inject(CoreTokens.JobQueue) private readonly queue: Pick<JobQueue, 'getJob'>,
    @Inject(PipelineRepository) private readonly pipeline: Pick<PipelineRepository, 'requeue'>,
    @Inject(SegmentationDispatcher) private readonly dispatcher: Pick<SegmentationDispatcher, 'dispatch'>,
    @Inject(DeliveryService) private readonly delivery: Pick<DeliveryService, 'replay'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  /** One at a time: a bulk replay must not flood the queue and database at once (500 at most). */
  async replay(ids: readonly string[], context?: RequestContext): Promise<ReplayOutcomeDto[]> {
    const out: ReplayOutcomeDto[] = [];
    for (const id of ids) out.push({ id, outcome: await this.replayOne(id, context) });
    const count = (o: ReplayOutcome) => out.filter((r) => r.outcome === o).length;
    await this.audit.record({
      action: 'jobs.replay',
      outcome: count('replayed') > 0 ? 'success' : 'failure',
      context,
      details: { requested: ids.length, replayed: count('replayed'), notFound: count('not-found') },
    });
    return out;
  }

  private async replayOne(id: string, context?: RequestContext): Promise<ReplayOutcome> {
    const segment = parseSegmentSeriesJobId(id);
    const delivery = segment ? undefined : parseDeliverResultJobId(id);
    if (!segment && !delivery) return 'not-found';
    const job = await this.queue.getJob(id, delivery?.destination);
    if (!job) return 'not-found';
    if (job.state !== 'failed') return 'not-failed';
    if (segment) {
      const generation = await this.pipeline.requeue(segment.seriesId);
      if (generation === undefined) return 'not-failed';
      void this.dispatcher.dispatch(segment.seriesId);
      await this.audit.record({ action: 'pipeline.retry', outcome: 'success', target: segment.seriesId, context });
      return 'replayed';
    }
    const row = await this.delivery.replay(delivery!.seriesId, delivery!.destination);
    if (!row) return 'not-failed';
    await this.audit.record({
      action: 'delivery.replay',
      outcome: 'success',
      target: delivery!.seriesId,
      context,
      details: { destination: delivery!.destination },
    });
    return 'replayed';
  }
}
