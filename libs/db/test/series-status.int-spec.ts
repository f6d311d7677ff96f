import {
  ArchiveRepository,
  DeliveryRepository,
  InstanceCommitRepository,
  PipelineRepository,
  SeriesStatusRepository,
} from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

const ROUTE = { ruleName: 'ct', modelId: 'ct-body', deliverTo: ['pacs'] };
const SEG = {
  modelId: 'ct-body',
  modelVersion: '1',
  engine: 'builtin',
  dims: [1, 1, 1] as [number, number, number],
  labelsKey: 'k',
  timings: {},
};

describeEachBackend('results, scheduling and status reads', (db) => {
  let archive: ArchiveRepository;
  let pipeline: PipelineRepository;
  let deliveries: DeliveryRepository;
  let status: SeriesStatusRepository;
  let commits: InstanceCommitRepository;

  beforeAll(() => {
    archive = new ArchiveRepository(db().ds);
    pipeline = new PipelineRepository(db().ds);
    deliveries = new DeliveryRepository(db().ds);
    status = new SeriesStatusRepository(db().ds);
    commits = new InstanceCommitRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  async function segmented(series: string, route = ROUTE): Promise<string> {
    const r = await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '1', series, sop: `${series}.1` }, { route })),
    );
    await archive.completeSeries(r.seriesId, 0);
    await pipeline.markQueued(r.seriesId, 0, 1);
    await pipeline.markSegmented(r.seriesId, 0, {
      segmentation: SEG,
      volumes: [{ value: 1, name: 'body', voxels: 3, volumeMl: 0.1 }],
      startedAt: new Date(),
      finishedAt: new Date(),
      attempts: 1,
    });
    return r.seriesId;
  }

  it('finds a segmented series awaiting its result until the result is marked stored for its generation', async () => {
    const id = await segmented('1.1');
    expect((await pipeline.findAwaitingResult()).map((s) => s.id)).toEqual([id]);
    expect(await pipeline.markResultStored(id, 1)).toBe(false); // wrong generation
    expect(await pipeline.markResultStored(id, 0)).toBe(true);
    expect(await pipeline.findAwaitingResult()).toEqual([]);
    expect((await pipeline.findSeries(id))?.resultGeneration).toBe(0);
  });

  it('lists a stored result with destinations as unscheduled until its delivery rows exist', async () => {
    const id = await segmented('1.1');
    const none = await segmented('1.2', { ...ROUTE, deliverTo: [] });
    expect(await deliveries.findUnscheduled()).toEqual([]); // no result stored yet
    await pipeline.markResultStored(id, 0);
    await pipeline.markResultStored(none, 0);
    expect(await deliveries.findUnscheduled()).toEqual([id]);
    await deliveries.schedule(id, 0, ['pacs']);
    expect(await deliveries.findUnscheduled()).toEqual([]);
    expect((await deliveries.find(id, 'pacs'))?.state).toBe('pending');
  });

  it('registers a derived instance without a vault record, and the status list leaves its series out', async () => {
    const id = await segmented('1.1');
    const derived = instanceInput({ study: '1', series: '1.9', sop: '1.9.1' });
    const r = await commits.commit(
      { ...derived, instance: { ...derived.instance, receivedVia: 'derived' } },
      undefined,
      async () => undefined,
    );
    expect(r.outcome).toBe('created');
    expect(await db().ds.query(`SELECT count(*)::int AS n FROM vault_record`)).toEqual([{ n: 0 }]);
    const page = await status.list({ limit: 10, offset: 0, count: true });
    expect(page.total).toBe(1);
    expect(page.items.map((i) => i.series.id)).toEqual([id]);
    expect(page.items[0].volumes.map((v) => v.name)).toEqual(['body']);
  });

  it('reads one series by id or by its pseudonymized UID, with volumes, deliveries and instance count', async () => {
    const id = await segmented('1.1');
    await deliveries.schedule(id, 0, ['pacs']);
    const byId = await status.detail(id);
    const byUid = await status.detail(byId!.series.seriesInstanceUid);
    for (const d of [byId, byUid]) {
      expect(d).toMatchObject({ instances: 1, series: { id, state: 'segmented' }, studyInstanceUid: '2.25.1' });
      expect(d!.deliveries.map((x) => x.destination)).toEqual(['pacs']);
    }
    expect(await status.detail('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect((await status.list({ state: 'failed', limit: 10, offset: 0, count: true })).total).toBe(0);
  });

  it("answers each listed series with its own study's (pseudonymized) Study Instance UID", async () => {
    const a = await segmented('1.1');
    const other = await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '2', series: '2.1', sop: '2.1.1' })),
    );
    const page = await status.list({ limit: 10, offset: 0, count: true });
    const uid = new Map(page.items.map((i) => [i.series.id, i.studyInstanceUid]));
    expect(uid).toEqual(
      new Map([
        [a, '2.25.1'],
        [other.seriesId, '2.25.2'],
      ]),
    );
  });
});
