import { ArchiveRepository, DeliveryRepository, PipelineRepository, SeriesEntity } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

const ROUTE = { ruleName: 'ct', modelId: 'ct-body', deliverTo: ['pacs', 'ehr'] };

describeEachBackend('DeliveryRepository', (db) => {
  let repo: DeliveryRepository;
  const series = (id: string) => db().ds.manager.findOneByOrFail(SeriesEntity, { id });

  async function segmentedSeries(): Promise<string> {
    const archive = new ArchiveRepository(db().ds);
    const pipeline = new PipelineRepository(db().ds);
    const r = await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '1', series: '1.1', sop: '1.1.1' }, { route: ROUTE })),
    );
    await archive.markSeriesComplete(db().ds.manager, r.seriesId, 0);
    await pipeline.markQueued(r.seriesId, 0, 1);
    const seg = {
      modelId: 'ct-body',
      modelVersion: '1',
      engine: 'builtin',
      dims: [1, 1, 1] as [number, number, number],
      labelsKey: 'k',
      timings: {},
    };
    await pipeline.markSegmented(r.seriesId, 0, {
      segmentation: seg,
      volumes: [],
      startedAt: new Date(),
      finishedAt: new Date(),
      attempts: 1,
    });
    return r.seriesId;
  }

  beforeAll(() => {
    repo = new DeliveryRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  it('delivers the series only when every destination is delivered; a dead letter can be replayed', async () => {
    const id = await segmentedSeries();
    await repo.schedule(id, 0, ['pacs', 'ehr']);
    await repo.schedule(id, 0, ['pacs', 'ehr']); // idempotent
    expect((await repo.of([id])).map((d) => [d.destination, d.state])).toEqual([
      ['ehr', 'pending'],
      ['pacs', 'pending'],
    ]);
    expect(await repo.deadLetter(id, 'ehr', 0, 8, 'delivery/http-5xx')).toBe(true);
    expect(await repo.delivered(id, 'pacs', 0, 1)).toBe(false);
    expect((await series(id)).state).toBe('segmented');
    expect(await repo.replay(id, 'ehr')).toMatchObject({ state: 'pending', attempts: 0, errorCode: null });
    expect(await repo.replay(id, 'pacs')).toBeUndefined(); // delivered rows are not replayed
    expect(await repo.delivered(id, 'ehr', 0, 2)).toBe(true);
    expect((await series(id)).state).toBe('delivered');
    expect((await repo.of([id])).every((d) => d.state === 'delivered' && d.deliveredAt)).toBe(true);
  });

  it('ignores outcomes for an older generation and reschedules a newer one', async () => {
    const id = await segmentedSeries();
    await repo.schedule(id, 0, ['pacs']);
    await repo.delivered(id, 'pacs', 0, 1);
    await repo.schedule(id, 1, ['pacs']);
    expect(await repo.of([id])).toEqual([expect.objectContaining({ generation: 1, state: 'pending' })]);
    expect(await repo.deadLetter(id, 'pacs', 0, 3, 'x/y')).toBe(false);
  });
});
