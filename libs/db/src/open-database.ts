import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface OpenDatabase {
  /** Handed to DbModule.forDataSource; the apps never query it themselves. */
  dataSource: DataSource;
  embedded: boolean;
  /** Migrations applied at this start (embedded mode only). */
  migrations: string[];
  close(): Promise<void>;
}

/**
 * Opens the database the gateway runs on: PostgreSQL at a URL, or embedded PGlite under DATA_DIR.
 * Migrations run at boot in embedded mode only; production runs them as an explicit step
 * (STYLE "Data and jobs").
 */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  const url = target.kind === 'pglite' ? (embedded = await startEmbeddedPostgres(target.dataDir)).url : target.url;
  const dataSource = createDataSource({ url, embedded: !!embedded });
  try {
    await dataSource.initialize();
    const migrations = embedded ? await runMigrations(dataSource) : [];
    return {
      dataSource,
      embedded: !!embedded,
      migrations,
      async close() {
        await dataSource.destroy().catch(() => undefined);
        await embedded?.stop().catch(() => undefined);
      },
    };
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}
