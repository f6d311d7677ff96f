import { Inject, Injectable } from '@nestjs/common';
import { PipelineRepository, SeriesStatusRepository, type SeriesListQuery } from '@delineo/db';
import { DicomWebError } from '@delineo/dicomweb';
import { segmentSeriesJobId } from '@delineo/jobs';
import type { JobQueue } from '@delineo/queue';
import { AuditService } from '../auth/audit.service';
import type { RequestContext } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { DeliveryService } from '../delivery/delivery.service';
import { PipelineEvents } from '../events/pipeline-events';
import { SegmentationDispatcher } from '../pipeline/segmentation-dispatcher';
import type { SeriesDetailDto, SeriesPageDto, SeriesReplayDto, SeriesRetryDto } from './series.dto';
import { seriesView } from './series-view.mapper';

/** Pipeline status and the operator's two actions (retry, replay). Everything shown is pseudonymized. */
@Injectable()
export class SeriesStatusService {
  constructor(
    @Inject(SeriesStatusRepository) private readonly status: Pick<SeriesStatusRepository, 'list' | 'detail' | 'find'>,
    @Inject(PipelineRepository) private readonly pipeline: Pick<PipelineRepository, 'requeue'>,
    @Inject(CoreTokens.JobQueue) private readonly queue: Pick<JobQueue, 'getJob'>,
    @Inject(SegmentationDispatcher) private readonly dispatcher: Pick<SegmentationDispatcher, 'dispatch'>,
    @Inject(DeliveryService) private readonly delivery: Pick<DeliveryService, 'replay'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(PipelineEvents) private readonly events: Pick<PipelineEvents, 'emit'>,
  ) {}

  /** `total` only when counted; `next` (a cursor) only when another page exists. */
  async list(q: SeriesListQuery): Promise<SeriesPageDto> {
    const page = await this.status.list(q);
    const items = page.items.map((i) => seriesView(i));
    return { total: page.total, limit: q.limit, offset: q.after ? undefined : (q.offset ?? 0), next: page.next, items };
  }

  async get(idOrUid: string): Promise<SeriesDetailDto> {
    const d = await this.status.detail(idOrUid);
    if (!d) throw new DicomWebError('dicomweb/not-found', 'no such series');
    const s = d.series;
    const live = s.state === 'queued' || s.state === 'running';
    const job = live
      ? await this.queue.getJob(segmentSeriesJobId(s.id, s.generation)).catch(() => undefined)
      : undefined;
    return { ...seriesView(d, job), instances: d.instances };
  }

  async replay(idOrUid: string, destination: string, context?: RequestContext): Promise<SeriesReplayDto> {
    const s = await this.find(idOrUid);
    const row = await this.delivery.replay(s.id, destination);
    await this.audit.record({
      action: 'delivery.replay',
      outcome: row ? 'success' : 'failure',
      target: s.id,
      context,
      details: { destination },
    });
    if (!row) throw new DicomWebError('dicomweb/conflict', 'only a dead-lettered delivery can be replayed');
    return { id: s.id, destination, state: row.state };
  }

  async retry(idOrUid: string, context?: RequestContext): Promise<SeriesRetryDto> {
    const s = await this.find(idOrUid);
    const generation = await this.pipeline.requeue(s.id);
    await this.audit.record({
      action: 'pipeline.retry',
      outcome: generation === undefined ? 'failure' : 'success',
      target: s.id,
      context,
    });
    if (generation === undefined) throw new DicomWebError('dicomweb/conflict', `a ${s.state} series cannot be retried`);
    // The live feed shows the retry itself (complete again), before the dispatcher's `queued`.
    this.events.emit('series-state', { seriesId: s.id, state: 'complete' });
    void this.dispatcher.dispatch(s.id);
    return { id: s.id, generation, state: 'complete' };
  }

  private async find(idOrUid: string) {
    const s = await this.status.find(idOrUid);
    if (!s) throw new DicomWebError('dicomweb/not-found', 'no such series');
    return s;
  }
}
