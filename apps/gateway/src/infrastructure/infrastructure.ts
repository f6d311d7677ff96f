import type { AppConfig, LoadedSecrets } from '@delineo/config';
import { loadSecrets } from '@delineo/config';
import { openDatabase, type OpenDatabase } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { createObjectStore, type ObjectStore } from '@delineo/storage';
import { createJobQueue, type JobQueue } from '@delineo/queue';

/** Everything with a connection or a file handle; created before Nest, closed after it. */
export interface Infrastructure {
  /** The database, handed to DbModule; services reach it only through injected repositories. */
  database: OpenDatabase;
  store: ObjectStore;
  queue: JobQueue;
  secrets: LoadedSecrets;
  close(): Promise<void>;
}

export async function startInfrastructure(config: AppConfig, log: Logger): Promise<Infrastructure> {
  const secrets = loadSecrets(config);
  for (const w of secrets.warnings) log.warn({ event: 'secrets-generated' }, w);

  const db = config.mode.db;
  const database = await openDatabase(
    db.kind === 'pglite' ? { kind: 'pglite', dataDir: config.dataDir } : { kind: 'postgres', url: db.url.reveal() },
  );
  if (database.embedded) log.info({ event: 'db-embedded' }, 'embedded PostgreSQL (PGlite) started');
  if (database.migrations.length)
    log.info({ event: 'db-migrated', migrations: database.migrations }, 'migrations applied');
  const store = createObjectStore(config);
  await store.init();
  const replayed = store.recovered?.();
  if (replayed?.journals) {
    log.warn(
      { event: 'object-journal-replayed', ...replayed },
      'replayed the object journal of a process that did not shut down cleanly',
    );
  }
  const queue = createJobQueue(config);
  const mode = { db: db.kind, store: config.mode.store.kind, queue: config.mode.queue.kind };
  log.info({ event: 'infrastructure-ready', ...mode }, 'infrastructure ready');

  return {
    database,
    store,
    queue,
    secrets,
    async close() {
      await queue.close().catch(() => undefined);
      await database.close();
      await store.close?.().catch(() => undefined);
    },
  };
}
