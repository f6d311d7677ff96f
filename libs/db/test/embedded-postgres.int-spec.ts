import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveRepository, createDataSource, DB_MIGRATIONS, runMigrations, startEmbeddedPostgres, StudyEntity } from '../src';
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

  it('stops idempotently', async () => {
    const other = await mkdtemp(join(tmpdir(), 'delineo-pglite-'));
    const pg = await startEmbeddedPostgres(other);
    await Promise.all([pg.stop(), pg.stop()]);
    await pg.stop();
    await rm(other, { recursive: true, force: true });
  });
});
