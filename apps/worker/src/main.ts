import { loadWorkerConfig } from '@delineo/config';
import { runService } from '@delineo/observability';
import { startWorker } from './start-worker';

/** `node dist/apps/worker/src/main.js`: a worker on its own (GPU) node; needs REDIS_URL, never DATABASE_URL. */
runService({
  name: 'worker',
  load: () => loadWorkerConfig(),
  start: startWorker,
  stopping: 'finishing active jobs, then stopping',
});
