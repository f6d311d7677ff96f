import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { StowController } from './dicomweb/stow.controller';
import { QidoController } from './dicomweb/qido.controller';
import { WadoController } from './dicomweb/wado.controller';
import { ArchiveReader } from './dicomweb/archive-reader.service';
import { GatewayTokens } from './gateway.tokens';
import { HealthController } from './health/health.controller';
import type { Infrastructure } from './infrastructure/infrastructure';
import { IngestService } from './ingest/ingest.service';
import { SeriesController } from './series/series.controller';
import { SeriesCompletionService } from './series/series-completion.service';
import { SegmentationDispatcher } from './pipeline/segmentation-dispatcher';
import { JobsController } from './pipeline/jobs.controller';
import { DeliveryService } from './delivery/delivery.service';

export interface GatewayRuntime {
  config: AppConfig;
  infra: Infrastructure;
  log: Logger;
  ingest: IngestService;
  completion: SeriesCompletionService;
  dispatcher: SegmentationDispatcher;
  delivery: DeliveryService;
}

/** Wires already-started infrastructure and services into Nest; controllers stay one-liners. */
@Module({})
export class AppModule {
  static forRoot(rt: GatewayRuntime): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, StowController, QidoController, WadoController, SeriesController, JobsController],
      providers: [
        { provide: GatewayTokens.Config, useValue: rt.config },
        { provide: GatewayTokens.StowSettings, useValue: { maxPartBytes: rt.config.stow.maxPartBytes } },
        { provide: GatewayTokens.DataSource, useValue: rt.infra.dataSource },
        { provide: GatewayTokens.ObjectStore, useValue: rt.infra.store },
        { provide: GatewayTokens.JobQueue, useValue: rt.infra.queue },
        { provide: GatewayTokens.Logger, useValue: rt.log },
        { provide: IngestService, useValue: rt.ingest },
        { provide: SeriesCompletionService, useValue: rt.completion },
        { provide: SegmentationDispatcher, useValue: rt.dispatcher },
        { provide: DeliveryService, useValue: rt.delivery },
        ArchiveReader,
      ],
    };
  }
}
