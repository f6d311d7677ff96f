import type { AppConfig } from '@delineo/config';
import { ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import { createSegmentHandler, createWorkIo, ModelThreadPool } from '@delineo/worker';
import type { Infrastructure } from '../infrastructure/infrastructure';
import type { SeriesCompletionService } from '../series/series-completion.service';
import { PipelineReconciler } from './pipeline-reconciler';
import { SegmentationDispatcher } from './segmentation-dispatcher';
import { SegmentationTracker } from './segmentation-tracker';
import { DeliveryService } from '../delivery/delivery.service';
import { keyringFrom } from '../ingest/deid.adapter';
import { ReidentificationService } from '../vault/reidentification.service';

export interface Pipeline {
  registry: ModelRegistry;
  dispatcher: SegmentationDispatcher;
  tracker: SegmentationTracker;
  reconciler: PipelineReconciler;
  delivery: DeliveryService;
  close(): Promise<void>;
}

/**
 * series-completed → dispatcher → queue → worker (in this process in embedded mode, or on a GPU
 * node) → tracker → database. The reconciler is started by the caller once everything listens.
 */
export function startPipeline(config: AppConfig, infra: Infrastructure, completion: SeriesCompletionService, log: Logger): Pipeline {
  const registry = ModelRegistry.load(config.worker.modelsDir);
  for (const p of registry.problems) log.error({ event: 'model-package-invalid', dir: p.dir, code: p.code }, 'model package skipped');
  log.info({ event: 'models-loaded', models: registry.ids() }, 'models available');
  const { dataSource: ds, store, queue } = infra;
  // One thread per concurrent job, plus one so assembling a new series never waits on a model.
  const threads = new ModelThreadPool(config.worker.modelsDir, config.worker.concurrency + 1);
  const dispatcher = new SegmentationDispatcher({ ds, store, queue, registry, threads, config, log });
  const tracker = new SegmentationTracker(ds, store, queue, log);
  tracker.listen();
  completion.events.on('series-completed', (e: { seriesId: string }) => void dispatcher.dispatch(e.seriesId));
  if (config.worker.inProcess) {
    queue.process(
      'segment-series',
      createSegmentHandler({ registry, io: createWorkIo(store), log, providers: config.worker.providers ? [...config.worker.providers] : undefined, run: threads.run }),
      { concurrency: config.worker.concurrency, lockDurationMs: config.worker.lockDurationMs, stalledIntervalMs: config.worker.stalledIntervalMs },
    );
    log.info({ event: 'worker-in-process', concurrency: config.worker.concurrency }, 'segmentation worker runs in this process');
  }
  const delivery = new DeliveryService({
    ds, store, queue, registry, config, log,
    reid: new ReidentificationService(ds, keyringFrom(infra.secrets)), projectKey: infra.secrets.projectKey.reveal(),
  });
  delivery.start();
  tracker.events.on('series-segmented', (e: { seriesId: string }) => {
    delivery.schedule(e.seriesId).catch((err) => log.error({ err, event: 'delivery-schedule-failed', seriesId: e.seriesId }, 'could not schedule delivery; the reconciler will retry'));
  });
  const reconciler = new PipelineReconciler(ds, dispatcher, tracker, { intervalMs: config.pipeline.reconcileIntervalMs, stallMs: config.pipeline.stallMs }, log, delivery);
  return { registry, dispatcher, tracker, reconciler, delivery, close: () => threads.close() };
}
