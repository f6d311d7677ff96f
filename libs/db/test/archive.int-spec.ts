import { ArchiveRepository, InstanceEntity, SeriesEntity, StudyEntity } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput, sha } from './fixtures';

const ROUTE = { ruleName: 'ct-chest', modelId: 'builtin/threshold', deliverTo: ['pacs'] };

describeEachBackend('ArchiveRepository', (db, kind) => {
  let repo: ArchiveRepository;
  const upsert = (input: ReturnType<typeof instanceInput>) =>
    db().ds.transaction((em) => repo.upsertInstance(em, input));
  const series = (id: string) => db().ds.manager.findOneByOrFail(SeriesEntity, { id });

  beforeAll(() => {
    repo = new ArchiveRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  it('creates patient, study, series and instance for a new SOP instance', async () => {
    const r = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1.1.1' }, { route: ROUTE }));
    expect(r).toMatchObject({ outcome: 'created', seriesReopened: false });
    const stored = await db().ds.manager.findOneByOrFail(InstanceEntity, { id: r.instanceId });
    expect(stored).toMatchObject({ seriesId: r.seriesId, sizeBytes: 524_288, imagePositionPatient: [0, 0, 1.5] });
    expect(await series(r.seriesId)).toMatchObject({ state: 'received', generation: 0, route: ROUTE });
    expect(await repo.seriesInstanceCount(r.seriesId)).toBe(1);
  });

  it('reports an identical re-send without changing anything', async () => {
    const input = instanceInput({ study: '1', series: '1.1', sop: '1.1.1' });
    const first = await upsert(input);
    const before = await series(first.seriesId);
    const again = await upsert(input);
    expect(again).toEqual({ ...first, outcome: 'identical' });
    expect((await series(first.seriesId)).updatedAt).toEqual(before.updatedAt);
  });

  it('replaces an instance whose bytes differ and returns the previous object key', async () => {
    const first = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1.1.1' }));
    const changed = instanceInput(
      { study: '1', series: '1.1', sop: '1.1.1' },
      { instance: { sha256: sha('other bytes'), objectKey: 'obj/v2', sizeBytes: 10 } },
    );
    const r = await upsert(changed);
    expect(r).toMatchObject({ outcome: 'replaced', instanceId: first.instanceId, previousObjectKey: 'obj/1.1.1' });
    const stored = await db().ds.manager.findOneByOrFail(InstanceEntity, { id: first.instanceId });
    expect(stored).toMatchObject({ objectKey: 'obj/v2', sizeBytes: 10, sha256: sha('other bytes') });
    expect(await repo.seriesInstanceCount(first.seriesId)).toBe(1);
  });

  it('reopens a completed series for a late instance and bumps its generation and route', async () => {
    const a = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1' }, { route: ROUTE }));
    expect(await db().ds.transaction((em) => repo.markSeriesComplete(em, a.seriesId, 0))).toBe(true);
    const newRoute = { ...ROUTE, modelId: 'builtin/other' };
    const late = await upsert(instanceInput({ study: '1', series: '1.1', sop: '2' }, { route: newRoute }));
    expect(late).toMatchObject({ outcome: 'created', seriesReopened: true });
    expect(await series(a.seriesId)).toMatchObject({
      state: 'received',
      generation: 1,
      completedAt: null,
      route: newRoute,
    });
    expect(await repo.seriesInstanceCount(a.seriesId)).toBe(2);
  });

  it('keeps the first route while the series is still receiving', async () => {
    const a = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1' }, { route: ROUTE }));
    await upsert(instanceInput({ study: '1', series: '1.1', sop: '2' }, { route: { ...ROUTE, modelId: 'x' } }));
    expect((await series(a.seriesId)).route).toEqual(ROUTE);
  });

  it('collects the distinct modalities of the study', async () => {
    const a = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1' }, { series: { modality: 'CT' } }));
    await upsert(instanceInput({ study: '1', series: '1.2', sop: '2' }, { series: { modality: 'SEG' } }));
    await upsert(instanceInput({ study: '1', series: '1.3', sop: '3' }, { series: { modality: 'CT' } }));
    const study = await db().ds.manager.findOneByOrFail(StudyEntity, { id: a.studyId });
    expect(study.modalitiesInStudy).toBe('CT\\SEG');
  });

  it('completes a series only in its current generation while still receiving', async () => {
    const a = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1' }));
    const complete = (gen: number, quietBefore?: Date) =>
      db().ds.transaction((em) => repo.markSeriesComplete(em, a.seriesId, gen, quietBefore));
    expect(await complete(1)).toBe(false);
    expect(await complete(0, new Date(Date.now() - 3_600_000))).toBe(false);
    expect(await complete(0)).toBe(true);
    expect(await complete(0)).toBe(false);
    await upsert(instanceInput({ study: '1', series: '1.1', sop: '2' }));
    expect(await complete(0)).toBe(false);
    expect(await complete(1)).toBe(true);
    expect(await series(a.seriesId)).toMatchObject({ state: 'complete', generation: 1 });
  });

  it('finds receiving series that have been quiet since the cut-off', async () => {
    const a = await upsert(instanceInput({ study: '1', series: '1.1', sop: '1' }));
    const b = await upsert(instanceInput({ study: '1', series: '1.2', sop: '2' }));
    await db().ds.query(`UPDATE "series" SET "last_instance_at" = now() - interval '1 hour' WHERE "id" = $1`, [
      a.seriesId,
    ]);
    const cutoff = new Date(Date.now() - 60_000);
    expect((await repo.findSeriesDueForCompletion(cutoff)).map((s) => s.id)).toEqual([a.seriesId]);
    await db().ds.transaction((em) => repo.markSeriesComplete(em, a.seriesId, 0));
    expect(await repo.findSeriesDueForCompletion(cutoff)).toEqual([]);
    expect((await repo.findSeriesDueForCompletion(new Date(Date.now() + 60_000))).map((s) => s.id)).toEqual([
      b.seriesId,
    ]);
  });

  // On PostgreSQL the transactions really overlap; on PGlite (pool of 1) they queue without deadlock.
  it(`keeps study, series and instances unique under 20 concurrent upserts of one new series (${kind})`, async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        upsert(instanceInput({ study: '9', series: '9.1', sop: `9.1.${i}` }, { instance: { instanceNumber: i } })),
      ),
    );
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(new Set(results.map((r) => r.seriesId)).size).toBe(1);
    expect(new Set(results.map((r) => r.studyId)).size).toBe(1);
    const counts = await db().ds.query(
      `SELECT (SELECT count(*)::int FROM "patient") AS p, (SELECT count(*)::int FROM "study") AS st,
                (SELECT count(*)::int FROM "series") AS se, (SELECT count(*)::int FROM "instance") AS i`,
    );
    expect(counts).toEqual([{ p: 1, st: 1, se: 1, i: 20 }]);
  });

  it('merges modalities of series created concurrently in one study', async () => {
    const modalities = ['CT', 'MR', 'PT', 'SEG', 'SR', 'US'];
    const results = await Promise.all(
      modalities.map((m, i) =>
        upsert(instanceInput({ study: '8', series: `8.${i}`, sop: `8.${i}.1` }, { series: { modality: m } })),
      ),
    );
    const study = await db().ds.manager.findOneByOrFail(StudyEntity, { id: results[0].studyId });
    expect(study.modalitiesInStudy).toBe(modalities.join('\\'));
  });
});
