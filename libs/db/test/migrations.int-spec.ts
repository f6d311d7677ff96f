import { createDataSource, DB_MIGRATIONS, runMigrations } from '../src';
import { migrate } from '../src/migrate';
import { createTempDatabase, describeEachBackend, POSTGRES_AVAILABLE } from './backends';

const IDENTITY = ['api_token', 'app_user', 'audit_log', 'auth_nonce', 'auth_session', 'auth_throttle'];
const LATER = ['settings_version'];
const TABLES = [
  ...IDENTITY,
  'delivery',
  'instance',
  'patient',
  'segment_volume',
  'series',
  'settings_version',
  'study',
  'vault_record',
].sort();

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
    const seriesColumns = async () =>
      (await db().ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'series'`)).map(
        (c: { column_name: string }) => c.column_name,
      );
    expect(await seriesColumns()).toContain('result_generation');
    expect(await seriesColumns()).toContain('attributes');
    const seriesIndexes = async () =>
      (await db().ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'series'`)).map(
        (i: { indexname: string }) => i.indexname,
      );
    expect(await seriesIndexes()).toContain('idx_series_list_state');
    await db().ds.undoLastMigration(); // settings versions
    expect(await publicTables((sql) => db().ds.query(sql))).not.toContain('settings_version');
    await db().ds.undoLastMigration(); // series list
    expect(await seriesIndexes()).not.toContain('idx_series_list_state');
    await db().ds.undoLastMigration(); // QIDO attributes
    expect(await seriesColumns()).not.toContain('attributes');
    await db().ds.undoLastMigration(); // identity
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(
      TABLES.filter((t) => !IDENTITY.includes(t) && !LATER.includes(t)),
    );
    await db().ds.undoLastMigration();
    expect(await seriesColumns()).not.toContain('result_generation');
    const core = TABLES.filter((t) => !IDENTITY.includes(t) && !LATER.includes(t));
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(core);
    await db().ds.undoLastMigration();
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(core.filter((t) => t !== 'delivery'));
    await db().ds.undoLastMigration();
    expect(await publicTables((sql) => db().ds.query(sql))).toEqual(
      core.filter((t) => t !== 'segment_volume' && t !== 'delivery'),
    );
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

describeEachBackend('migration SeriesResult1767484800000 on existing data', (db) => {
  it('marks series whose research SEG is already in the archive as having their result, and no others', async () => {
    const ds = db().ds;
    await ds.undoLastMigration(); // settings versions
    await ds.undoLastMigration(); // series list
    await ds.undoLastMigration(); // QIDO attributes
    await ds.undoLastMigration(); // identity
    await ds.undoLastMigration(); // series result
    const [study] = await ds
      .query(`INSERT INTO patient (pseudo_patient_id) VALUES ('P') RETURNING id`)
      .then(async ([p]) =>
        ds.query(`INSERT INTO study (study_instance_uid, patient_id) VALUES ('2.25.1', $1) RETURNING id`, [p.id]),
      );
    const series = async (uid: string, state: string) =>
      (
        await ds.query(
          `INSERT INTO series (series_instance_uid, study_id, state, generation) VALUES ($1, $2, $3, 1) RETURNING id`,
          [uid, study.id, state],
        )
      )[0].id as string;
    const withSeg = await series('2.25.2', 'delivered');
    const withoutSeg = await series('2.25.3', 'segmented');
    const segSeries = await series('2.25.4', 'complete');
    await ds.query(
      `INSERT INTO instance (sop_instance_uid, sop_class_uid, transfer_syntax_uid, size_bytes, sha256, object_key, received_via, series_id)
       VALUES ('2.25.5', '1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.1.2.1', 1, 'x', $1, 'derived', $2)`,
      [`results/${withSeg}/1/seg.dcm`, segSeries],
    );
    await runMigrations(ds);
    const rows: { id: string; result_generation: number | null }[] = await ds.query(
      `SELECT id, result_generation FROM series`,
    );
    const of = (id: string) => rows.find((r) => r.id === id)?.result_generation;
    expect([of(withSeg), of(withoutSeg), of(segSeries)]).toEqual([1, null, null]);
  });
});
