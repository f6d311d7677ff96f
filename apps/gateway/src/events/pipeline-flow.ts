import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeliveryService } from '../delivery/delivery.service';
import { SegmentationDispatcher } from '../pipeline/segmentation-dispatcher';
import { ResultsService } from '../results/results.service';
import { PipelineEvents } from './pipeline-events';

/**
 * The whole flow after ingest, in one place (README "Data flow"):
 *
 *   ingest        SeriesCompletionService  ─ series-completed ─▶ pipeline  SegmentationDispatcher
 *   (worker)      SegmentationTracker      ─ series-segmented ─▶ results   ResultsService
 *   results       ResultsService           ─ result-stored    ─▶ delivery  DeliveryService
 *
 * Each step persists its outcome before it emits, and the reconciler redoes any step whose
 * listener failed or whose process died, from the database alone.
 */
@Injectable()
export class PipelineFlow implements OnModuleInit {
  constructor(
    @Inject(PipelineEvents) private readonly events: PipelineEvents,
    @Inject(SegmentationDispatcher) private readonly dispatcher: SegmentationDispatcher,
    @Inject(ResultsService) private readonly results: ResultsService,
    @Inject(DeliveryService) private readonly delivery: DeliveryService,
  ) {}

  onModuleInit(): void {
    this.events.on('series-completed', 'pipeline.dispatch', (e) => this.dispatcher.dispatch(e.seriesId));
    this.events.on('series-segmented', 'results.store', async (e) => void (await this.results.store(e.seriesId)));
    this.events.on('result-stored', 'delivery.schedule', (e) => this.delivery.schedule(e.seriesId));
  }
}
