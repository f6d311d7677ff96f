import { Module } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { ModelThreadPool } from '@delineo/worker';
import { CoreTokens } from '../core/core.tokens';
import { InProcessWorker } from './in-process-worker';
import { PipelineTokens } from './pipeline.tokens';
import { SegmentationDispatcher } from './segmentation-dispatcher';
import { SegmentationTracker } from './segmentation-tracker';
import { WorkInputService } from './work-input.service';

/**
 * Segmentation: complete series → input volume → segment-series job → (worker) → tracker →
 * 'segmented' + volumes, then 'series-segmented'. The threads are closed by bootstrap after the
 * queue, so an in-process job finishing during shutdown still has its thread.
 */
@Module({
  providers: [
    {
      provide: PipelineTokens.ModelThreads,
      // One thread per concurrent job, plus one so assembling a new series never waits on a model.
      useFactory: (c: AppConfig) => new ModelThreadPool(c.worker.modelsDir, c.worker.concurrency + 1),
      inject: [CoreTokens.Config],
    },
    WorkInputService,
    SegmentationDispatcher,
    SegmentationTracker,
    InProcessWorker,
  ],
  exports: [PipelineTokens.ModelThreads, SegmentationDispatcher, SegmentationTracker],
})
export class PipelineModule {}
