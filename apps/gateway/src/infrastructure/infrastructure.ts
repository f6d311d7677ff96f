import type { DataSource } from 'typeorm';
import type { AppConfig, LoadedSecrets } from '@delineo/config';
import { loadSecrets } from '@delineo/config';
import { createDataSource, runMigrations, startEmbeddedPostgres, type EmbeddedPostgres } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { createObjectStore, type ObjectStore } from '@delineo/storage';
import { createJobQueue, type JobQueue } from '@delineo/queue';

/** Everything with a connection or a file handle; created before Nest, closed after it. */
export interface Infrastructure {
  dataSource: DataSource;
  store: ObjectStore;
  queue: JobQueue;
  secrets: LoadedSecrets;
  close(): Promise<void>;
}

export async function startInfrastructure(config: AppConfig, log: Logger): Promise<Infrastructure> {
  const secrets = loadSecrets(config);
  for (const w of secrets.warnings) log.warn({ event: 'secrets-generated' }, w);

  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  if (config.mode.db.kind === 'pglite') {
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
    log.info({ event: 'db-embedded' }, 'embedded PostgreSQL (PGlite) started');
  } else {
    url = config.mode.db.url.reveal();
  }
  const dataSource = createDataSource({ url, embedded: !!embedded });
  await dataSource.initialize();
  // Migrations run at boot in embedded mode only; production runs them as an explicit step.
  if (embedded) {
    const applied = await runMigrations(dataSource);
    if (applied.length) log.info({ event: 'db-migrated', migrations: applied }, 'migrations applied');
  }
  const store = createObjectStore(config);
  await store.init();
  const replayed = store.recovered?.();
  if (replayed?.journals) log.warn({ event: 'object-journal-replayed', ...replayed }, 'replayed the object journal of a process that did not shut down cleanly');
  const queue = createJobQueue(config);
  log.info({ event: 'infrastructure-ready', db: config.mode.db.kind, store: config.mode.store.kind, queue: config.mode.queue.kind }, 'infrastructure ready');

  return {
    dataSource,
    store,
    queue,
    secrets,
    async close() {
      await queue.close().catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
      await store.close?.().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
    },
  };
}
