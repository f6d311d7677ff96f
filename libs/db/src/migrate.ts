import { createDataSource, runMigrations } from './data-source';
import { DbError } from './errors';

/**
 * Production migration step: `node dist/libs/db/src/migrate.js <DATABASE_URL>`.
 * The URL comes from the caller (argv), never from process.env: libs/config owns the environment.
 */
export async function migrate(argv: readonly string[]): Promise<string[]> {
  const url = argv[2];
  if (!url) {
    throw new DbError('db/missing-database-url', 'usage: migrate.js <DATABASE_URL>');
  }
  const ds = createDataSource({ url, embedded: false });
  try {
    return await runMigrations(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

if (require.main === module) {
  migrate(process.argv).then(
    (names) => {
      process.stdout.write(names.length ? `applied: ${names.join(', ')}\n` : 'schema is up to date\n');
    },
    (err: unknown) => {
      // The URL may hold a password: print the error, never the arguments.
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      process.stderr.write(`migration failed: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
