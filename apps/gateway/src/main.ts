import { loadConfig } from '@delineo/config';
import { runService } from '@delineo/observability';
import { startGateway } from './bootstrap';

/** `npm start`: embedded defaults unless DATABASE_URL / REDIS_URL / S3_* say otherwise. */
runService({
  name: 'gateway',
  load: () => loadConfig(),
  start: (config) => startGateway(config),
  stopping: 'shutting down',
});
