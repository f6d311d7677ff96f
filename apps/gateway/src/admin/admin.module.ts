import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { JobsController } from './jobs.controller';
import { SeriesStatusService } from './series-status.service';
import { SeriesController } from './series.controller';

/** The operators' API: series status, retry and replay, failed jobs. */
@Module({
  imports: [PipelineModule, DeliveryModule],
  controllers: [SeriesController, JobsController],
  providers: [SeriesStatusService],
})
export class AdminModule {}
