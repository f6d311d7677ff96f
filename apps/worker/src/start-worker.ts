import type { WorkerConfig } from '@delineo/config';
import { ModelRegistry } from '@delineo/models';
import { createLogger, type Logger } from '@delineo/observability';
import { BullMqJobQueue, JobHandlerRegistry } from '@delineo/queue';
import { FsObjectStore } from '@delineo/storage';
import { createSegmentHandler, createWorkIo, ModelThreadPool, storeBase } from '@delineo/worker';

/** The jobs a segmentation worker consumes. */
export const WORKER_JOBS = ['segment-series'] as const;

export interface RunningWorker {
  log: Logger;
  models: string[];
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  logDestination?: string;
}

/**
 * Composition root of the standalone worker: Redis for jobs, the model registry, and the
 * object folder only when `fs:` locators are in use. There is deliberately no database here.
 */
export async function startWorker(config: WorkerConfig, opts: StartWorkerOptions = {}): Promise<RunningWorker> {
  const log = createLogger({ level: config.logLevel, name: 'worker', destination: opts.logDestination });
  for (const name of config.ignored)
    log.warn(
      { event: 'setting-ignored', name },
      'the worker does not use this setting; remove it from the worker node',
    );
  const registry = ModelRegistry.load(config.modelsDir);
  for (const p of registry.problems)
    log.error({ event: 'model-package-invalid', dir: p.dir, code: p.code }, 'model package skipped');
  let store: FsObjectStore | undefined;
  if (config.objectsDir) {
    store = new FsObjectStore(config.objectsDir);
    await store.init();
  }
  const threads = new ModelThreadPool(config.modelsDir, config.concurrency);
  const queue = new BullMqJobQueue(config.queue.url.reveal(), config.queue.prefix);
  await queue.ping();
  // The worker owns segment-series and nothing else: the registry refuses to start otherwise.
  new JobHandlerRegistry()
    .register(
      'segment-series',
      createSegmentHandler({
        registry,
        io: createWorkIo({
          store,
          s3: config.s3,
          maxObjectBytes: config.maxObjectBytes,
          timeoutMs: config.storeTimeoutMs,
        }),
        log,
        providers: config.providers,
        tempDir: config.tempDir,
        run: threads.run,
      }),
      {
        concurrency: config.concurrency,
        lockDurationMs: config.lockDurationMs,
        stalledIntervalMs: config.stalledIntervalMs,
      },
    )
    .start(queue, WORKER_JOBS);
  log.info(
    {
      event: 'worker-started',
      models: registry.ids(),
      concurrency: config.concurrency,
      providers: config.providers ?? 'per manifest',
      // The only origin work URLs may point at (no credentials in it); none: fs: keys only.
      objectStore: config.s3 ? storeBase(config.s3).origin : 'none',
    },
    'Delineo worker started',
  );
  return {
    log,
    models: registry.ids(),
    // BullMQ's close waits for active jobs to finish; a job cut off by a hard kill is retried as stalled.
    close: async () => {
      await queue.close();
      await threads.close();
    },
  };
}
