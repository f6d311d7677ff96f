import { DataSource } from 'typeorm';
import { DB_ENTITIES } from './entities';
import { DB_MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** PGlite behind pglite-socket: a single backend, so the pool must hold one connection. */
  embedded: boolean;
  logging?: false;
}

/** An uninitialized DataSource; schema changes only ever come from migrations (STYLE "Data and jobs"). */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: DB_ENTITIES,
    migrations: DB_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is in core since PostgreSQL 13; PGlite ships no uuid-ossp and no pgcrypto,
    // so no extension is needed or installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: options.logging ?? false,
    ...(options.embedded ? { extra: { max: 1 } } : {}),
  });
}

/** Applies pending migrations (initializing the DataSource if needed); returns their names. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  if (!ds.isInitialized) await ds.initialize();
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
