import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { DeliveryService } from '../delivery/delivery.service';
import { PipelineModule } from '../pipeline/pipeline.module';
import { PipelineReconciler } from '../pipeline/pipeline-reconciler';
import { PipelineTokens, type CatchUpStep } from '../pipeline/pipeline.tokens';
import { ResultsModule } from '../results/results.module';
import { ResultsService } from '../results/results.service';
import { PipelineFlow } from './pipeline-flow';

/** Connects the steps: the event wiring, and the reconciler that catches up on every step. */
@Module({
  imports: [PipelineModule, ResultsModule, DeliveryModule],
  providers: [
    PipelineFlow,
    PipelineReconciler,
    {
      provide: PipelineTokens.CatchUpSteps,
      useFactory: (results: ResultsService, delivery: DeliveryService): CatchUpStep[] => [results, delivery],
      inject: [ResultsService, DeliveryService],
    },
  ],
  exports: [PipelineReconciler],
})
export class FlowModule {}
