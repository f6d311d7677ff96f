import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { DeadLetterService } from './dead-letter.service';
import { DestinationTestService } from './destination-test.service';
import { DestinationsController } from './destinations.controller';
import { JobsController } from './jobs.controller';
import { ModelCatalogService } from './model-catalog.service';
import { ModelsController } from './models.controller';
import { RoutingDryRunController } from './routing-dry-run.controller';
import { RoutingDryRunService } from './routing-dry-run.service';
import { SeriesStatusService } from './series-status.service';
import { SeriesController } from './series.controller';

/** The operators' API: series status, retry and replay, failed jobs, models, destinations, routing. */
@Module({
  imports: [PipelineModule, DeliveryModule],
  controllers: [SeriesController, JobsController, DestinationsController, RoutingDryRunController, ModelsController],
  providers: [
    SeriesStatusService,
    DestinationTestService,
    RoutingDryRunService,
    DeadLetterService,
    ModelCatalogService,
  ],
})
export class AdminModule {}
