import { Module } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { CoreTokens } from '../core/core.tokens';
import { SeriesCompletionService } from '../series/series-completion.service';
import { RepositorySeriesStateStore } from '../series/series-state.adapter';
import { RepositoryArchiveWriter } from './archive-writer.adapter';
import { EnvelopeVaultSealer, ProfileDeidentifier } from './deid.adapter';
import { InflightBudget } from './inflight-budget';
import { IngestGate } from './ingest-gate';
import { IngestService } from './ingest.service';
import { LimitsReporter } from './limits.reporter';
import { IngestTokens } from './ingest.tokens';
import { ObjectStoreBlobs } from './object-store.adapter';
import { LiveRuleRouter } from './live-router';

/**
 * Ingest: the only writer of instance rows (C-STORE and STOW-RS through the same service, and the
 * research SEG as a derived instance), and series completion, which emits 'series-completed'.
 * Also the one in-flight byte budget every receive path (DIMSE, STOW) draws from.
 */
@Module({
  providers: [
    IngestService,
    SeriesCompletionService,
    LimitsReporter,
    { provide: IngestTokens.Deidentifier, useClass: ProfileDeidentifier },
    { provide: IngestTokens.VaultSealer, useClass: EnvelopeVaultSealer },
    {
      provide: IngestTokens.Router,
      useFactory: (live: LiveSettings) => new LiveRuleRouter(live),
      inject: [LiveSettings],
    },
    { provide: IngestTokens.BlobStore, useClass: ObjectStoreBlobs },
    { provide: IngestTokens.ParseLimits, useFactory: (c: AppConfig) => c.limits.parse, inject: [CoreTokens.Config] },
    {
      provide: IngestGate,
      useFactory: (c: AppConfig) => new IngestGate(c.limits.maxConcurrentIngests),
      inject: [CoreTokens.Config],
    },
    {
      provide: InflightBudget,
      useFactory: (c: AppConfig) => new InflightBudget(c.limits.inflightBytes),
      inject: [CoreTokens.Config],
    },
    { provide: IngestTokens.ArchiveWriter, useClass: RepositoryArchiveWriter },
    { provide: IngestTokens.SeriesTracker, useExisting: SeriesCompletionService },
    { provide: IngestTokens.SeriesStateStore, useClass: RepositorySeriesStateStore },
  ],
  exports: [IngestService, SeriesCompletionService, InflightBudget, IngestGate],
})
export class IngestModule {}
