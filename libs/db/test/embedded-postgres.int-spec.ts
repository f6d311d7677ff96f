import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArchiveRepository,
  createDataSource,
  DB_MIGRATIONS,
  EMBEDDED_POSTGRESQL_CONF,
  runMigrations,
  startEmbeddedPostgres,
  StudyEntity,
} from '../src';
import { instanceInput } from './fixtures';

describe('startEmbeddedPostgres', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'delineo-pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function session<T>(work: (ds: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> {
    const pg = await startEmbeddedPostgres(dir);
    expect(pg.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const ds = createDataSource({ url: pg.url, embedded: true });
    try {
      await ds.initialize();
      return await work(ds);
    } finally {
      await ds.destroy();
      await pg.stop();
    }
  }

  it('keeps migrated schema and data across a restart from the same directory', async () => {
    const first = await session(async (ds) => {
      expect(await runMigrations(ds)).toEqual(DB_MIGRATIONS.map((m) => m.name));
      const input = instanceInput({ study: '7', series: '7.1', sop: '7.1.1' });
      return ds.transaction((em) => new ArchiveRepository(ds).upsertInstance(em, input));
    });
    await session(async (ds) => {
      expect(await runMigrations(ds)).toEqual([]);
      const study = await ds.manager.findOneByOrFail(StudyEntity, { id: first.studyId });
      expect(study.studyInstanceUid).toBe('2.25.7');
      expect(await new ArchiveRepository(ds).seriesInstanceCount(first.seriesId)).toBe(1);
    });
  });

  it('runs initdb out of process into a sibling directory and leaves nothing half-made', async () => {
    const root = await mkdtemp(join(tmpdir(), 'delineo-pglite-'));
    await mkdir(join(root, 'pglite.init', 'base'), { recursive: true }); // a crash mid-initdb
    const pg = await startEmbeddedPostgres(root);
    await pg.stop();
    expect(await readdir(root)).toEqual(['pglite']);
    expect(existsSync(join(root, 'pglite', 'PG_VERSION'))).toBe(true);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a non-empty pglite directory that holds no cluster', async () => {
    const root = await mkdtemp(join(tmpdir(), 'delineo-pglite-'));
    await mkdir(join(root, 'pglite'));
    await writeFile(join(root, 'pglite', 'notes.txt'), 'not a cluster');
    await expect(startEmbeddedPostgres(root)).rejects.toThrow(/no PG_VERSION/);
    expect(await readdir(join(root, 'pglite'))).toEqual(['notes.txt']);
    await rm(root, { recursive: true, force: true });
  });

  it('runs with the embedded shared_buffers setting', async () => {
    await session(async (ds) => {
      const [row] = (await ds.query(`SELECT current_setting('shared_buffers') AS v`)) as Array<{ v: string }>;
      expect(`shared_buffers=${row.v}`).toBe(EMBEDDED_POSTGRESQL_CONF);
    });
  });

  it('stops idempotently', async () => {
    const other = await mkdtemp(join(tmpdir(), 'delineo-pglite-'));
    const pg = await startEmbeddedPostgres(other);
    await Promise.all([pg.stop(), pg.stop()]);
    await pg.stop();
    await rm(other, { recursive: true, force: true });
  });
});
