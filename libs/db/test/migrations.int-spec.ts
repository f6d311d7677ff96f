import { createDataSource, DB_MIGRATIONS, runMigrations } from '../src';
import { migrate } from '../src/migrate';
import { createTempDatabase, describeEachBackend, POSTGRES_AVAILABLE } from './backends';

const TABLES = ['delivery', 'instance', 'patient', 'segment_volume', 'series', 'study', 'vault_record'];

async function publicTables(query: (sql: string) => Promise<{ tablename: string }[]>): Promise<string[]> {
  const rows = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((r) => r.tablename).filter((t) => t !== 'migrations');
}

describeEachBackend('migrations', (db) => {
  it('creates every table of the entity metadata', async () => {
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(TABLES);
  });

  it('leaves no difference between the migrated schema and the entities', async () => {
    const pending = await db().ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('applies nothing when run again', async () => {
    expect(await runMigrations(db().ds)).toEqual([]);
    expect(await db().ds.showMigrations()).toBe(false);
  });

  it('reverts cleanly, one migration at a time, and applies again', async () => {
    await db().ds.undoLastMigration();
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(TABLES.filter((t) => t !== 'delivery'));
    await db().ds.undoLastMigration();
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(TABLES.filter((t) => t !== 'segment_volume' && t !== 'delivery'));
    await db().ds.undoLastMigration();
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual([]);
    expect(await runMigrations(db().ds)).toEqual(DB_MIGRATIONS.map((m) => m.name));
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(TABLES);
  });

  it('generates uuid primary keys without any extension installed', async () => {
    const ext = await db().ds.query(`SELECT extname FROM pg_extension WHERE extname IN ('pgcrypto', 'uuid-ossp')`);
    expect(ext).toEqual([]);
    const [row] = await db().ds.query(
      `INSERT INTO "patient" ("pseudo_patient_id") VALUES ('uuid-probe') RETURNING "id"`,
    );
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('migrate script entry', () => {
  it('refuses to run without a URL argument', async () => {
    await expect(migrate(['node', 'migrate.js'])).rejects.toMatchObject({ code: 'db/missing-database-url' });
  });

  (POSTGRES_AVAILABLE || process.env.DELINEO_REQUIRE_PEERS === '1' ? it : it.skip)(
    'migrates the database named by argv[2], then reports it up to date',
    async () => {
      const tmp = await createTempDatabase();
      try {
        expect(await migrate(['node', 'migrate.js', tmp.url])).toEqual(DB_MIGRATIONS.map((m) => m.name));
        expect(await migrate(['node', 'migrate.js', tmp.url])).toEqual([]);
        const ds = createDataSource({ url: tmp.url, embedded: false });
        await ds.initialize();
        const pending = await ds.driver.createSchemaBuilder().log();
        await ds.destroy();
        expect(pending.upQueries).toEqual([]);
      } finally {
        await tmp.drop();
      }
    },
  );
});
