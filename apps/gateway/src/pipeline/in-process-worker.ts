import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import { JobHandlerRegistry } from '@delineo/queue';
import type { ObjectStore } from '@delineo/storage';
import { createSegmentHandler, createWorkIo, type ModelThreadPool } from '@delineo/worker';
import { CoreTokens } from '../core/core.tokens';
import { PipelineTokens } from './pipeline.tokens';

/**
 * The segmentation worker inside the gateway (embedded mode, WORKER_IN_PROCESS=true): the same
 * handler as apps/worker, on the gateway's model threads. With WORKER_IN_PROCESS=false the
 * gateway owns no segment-series handler and the registry refuses one.
 */
@Injectable()
export class InProcessWorker implements OnModuleInit {
  constructor(
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'worker' | 'mode'>,
    @Inject(ModelRegistry) private readonly registry: ModelRegistry,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
    @Inject(PipelineTokens.ModelThreads) private readonly threads: ModelThreadPool,
    @Inject(JobHandlerRegistry) private readonly handlers: JobHandlerRegistry,
    @Inject(CoreTokens.Logger) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    const w = this.config.worker;
    if (!w.inProcess) return;
    const providers = w.providers ? [...w.providers] : undefined;
    const st = this.config.mode.store;
    // Pre-signed URLs must point into the gateway's own bucket (libs/worker locator-policy.ts).
    const s3 =
      st.kind === 's3'
        ? { endpoint: st.endpoint, bucket: st.bucket, region: st.region, forcePathStyle: st.forcePathStyle }
        : undefined;
    const handler = createSegmentHandler({
      registry: this.registry,
      io: createWorkIo({ store: this.store, s3 }),
      log: this.log,
      providers,
      run: this.threads.run,
    });
    this.handlers.register('segment-series', handler, {
      concurrency: w.concurrency,
      lockDurationMs: w.lockDurationMs,
      stalledIntervalMs: w.stalledIntervalMs,
    });
    this.log.info(
      { event: 'worker-in-process', concurrency: w.concurrency },
      'segmentation worker runs in this process',
    );
  }
}
