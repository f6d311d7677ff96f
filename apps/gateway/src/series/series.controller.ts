import { Controller, DefaultValuePipe, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { DeliveryRepository, InstanceEntity, PipelineRepository, SERIES_STATES, SeriesEntity, type SeriesState } from '@delineo/db';
import { DicomWebError } from '@delineo/dicomweb';
import { segmentSeriesJobId } from '@delineo/jobs';
import type { JobQueue } from '@delineo/queue';
import { GatewayTokens } from '../gateway.tokens';
import { DeliveryService } from '../delivery/delivery.service';
import { SegmentationDispatcher } from '../pipeline/segmentation-dispatcher';
import { seriesView } from './series-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pipeline status of a series. Everything shown is pseudonymized; the id is ours or the pseudo UID. */
@ApiTags('series')
@Controller('api/v1/series')
export class SeriesController {
  private readonly pipeline: PipelineRepository;
  private readonly deliveries: DeliveryRepository;

  constructor(
    @Inject(GatewayTokens.DataSource) private readonly ds: DataSource,
    @Inject(GatewayTokens.JobQueue) private readonly queue: JobQueue,
    // Explicit tokens: tsx/esbuild emits no decorator metadata (bench scripts start the gateway).
    @Inject(SegmentationDispatcher) private readonly dispatcher: SegmentationDispatcher,
    @Inject(DeliveryService) private readonly delivery: DeliveryService,
  ) {
    this.pipeline = new PipelineRepository(ds);
    this.deliveries = new DeliveryRepository(ds);
  }

  @Get()
  @ApiOperation({ summary: 'List received series, newest first (paged), optionally by state' })
  @ApiQuery({ name: 'state', required: false, enum: SERIES_STATES })
  async list(
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
    @Query('state') state?: string,
  ) {
    if (state !== undefined && !(SERIES_STATES as readonly string[]).includes(state)) {
      throw new DicomWebError('dicomweb/bad-query', `state must be one of ${SERIES_STATES.join(', ')}`);
    }
    const take = Math.max(1, Math.min(limit, 500));
    // Received series only: a research SEG series (instances 'derived') is a result, shown with its source.
    const qb = this.ds.manager
      .createQueryBuilder(SeriesEntity, 's')
      .where(`NOT EXISTS (SELECT 1 FROM "instance" i WHERE i.series_id = s.id AND i.received_via = 'derived')`)
      .orderBy('s.createdAt', 'DESC')
      .take(take)
      .skip(Math.max(0, offset));
    if (state) qb.andWhere('s.state = :state', { state: state as SeriesState });
    const [rows, total] = await qb.getManyAndCount();
    const ids = rows.map((r) => r.id);
    const [volumes, deliveries] = await Promise.all([this.pipeline.volumesOf(ids), this.deliveries.of(ids)]);
    const of = <T extends { seriesId: string }>(list: T[], id: string) => list.filter((x) => x.seriesId === id);
    return { total, limit: take, offset, items: rows.map((s) => seriesView(s, of(volumes, s.id), undefined, of(deliveries, s.id))) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One series: state, model, progress, per-stage timings, error code and volumes' })
  async get(@Param('id') id: string) {
    const s = await this.find(id);
    const live = s.state === 'queued' || s.state === 'running';
    const job = live ? await this.queue.getJob(segmentSeriesJobId(s.id, s.generation)).catch(() => undefined) : undefined;
    const instances = await this.ds.manager.countBy(InstanceEntity, { seriesId: s.id });
    return { ...seriesView(s, await this.pipeline.volumesOf([s.id]), job, await this.deliveries.of([s.id])), instances };
  }

  @Post(':id/deliveries/:destination/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead-lettered result to its destination again (same SEG SOP Instance UID)' })
  async replay(@Param('id') id: string, @Param('destination') destination: string) {
    const s = await this.find(id);
    const row = await this.delivery.replay(s.id, destination);
    if (!row) throw new DicomWebError('dicomweb/conflict', 'only a dead-lettered delivery can be replayed');
    return { id: s.id, destination, state: row.state };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the segmentation again (a failed or finished series), as a new generation' })
  async retry(@Param('id') id: string) {
    const s = await this.find(id);
    const generation = await this.pipeline.requeue(s.id);
    if (generation === undefined) throw new DicomWebError('dicomweb/conflict', `a ${s.state} series cannot be retried`);
    void this.dispatcher.dispatch(s.id);
    return { id: s.id, generation, state: 'complete' };
  }

  private async find(id: string): Promise<SeriesEntity> {
    const s = await this.ds.manager.findOneBy(SeriesEntity, UUID.test(id) ? { id } : { seriesInstanceUid: id });
    if (!s) throw new DicomWebError('dicomweb/not-found', 'no such series');
    return s;
  }
}
