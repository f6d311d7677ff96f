import { ArchiveRepository, PipelineRepository, SegmentVolumeEntity, SeriesEntity } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

const ROUTE = { ruleName: 'brain', modelId: 'brain-meshnet-18', deliverTo: [] };
const SEG = {
  modelId: 'brain-meshnet-18',
  modelVersion: '1.0.0',
  engine: 'cpu',
  dims: [4, 4, 4] as [number, number, number],
  labelsKey: 'work/x/0/labels.nii.gz',
  timings: { inferenceMs: 5 },
};

describeEachBackend('PipelineRepository', (db) => {
  let archive: ArchiveRepository;
  let repo: PipelineRepository;
  const series = (id: string) => db().ds.manager.findOneByOrFail(SeriesEntity, { id });

  async function completeSeries(): Promise<string> {
    const r = await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '1', series: '1.1', sop: '1.1.1' }, { route: ROUTE })),
    );
    await archive.markSeriesComplete(db().ds.manager, r.seriesId, 0);
    return r.seriesId;
  }

  beforeAll(() => {
    archive = new ArchiveRepository(db().ds);
    repo = new PipelineRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  it('walks complete → queued → running → segmented and stores volumes with the report', async () => {
    const id = await completeSeries();
    expect(await repo.markQueued(id, 0, 420)).toBe(true);
    expect(await series(id)).toMatchObject({ state: 'queued', prepareMs: 420, errorCode: null });
    expect(await repo.markRunning(id, 0, 1)).toBe(true);
    const started = new Date('2026-11-23T10:00:00Z');
    const ok = await repo.markSegmented(id, 0, {
      segmentation: SEG,
      startedAt: started,
      finishedAt: new Date('2026-11-23T10:00:30Z'),
      attempts: 1,
      volumes: [
        { value: 1, name: 'Cerebral white matter', voxels: 488_000, volumeMl: 488 },
        { value: 14, name: 'Hippocampus', voxels: 8100, volumeMl: 8.1 },
      ],
    });
    expect(ok).toBe(true);
    expect(await series(id)).toMatchObject({ state: 'segmented', segmentation: SEG, startedAt: started, attempts: 1 });
    const vols = await repo.volumesOf([id]);
    expect(vols.map((v) => [v.label, v.name, v.voxels, v.volumeMl])).toEqual([
      [1, 'Cerebral white matter', 488000, 488],
      [14, 'Hippocampus', 8100, 8.1],
    ]);
  });

  it('ignores a result for a stale generation (a late instance reopened the series)', async () => {
    const id = await completeSeries();
    await repo.markQueued(id, 0, 1);
    await db().ds.manager.update(SeriesEntity, id, { generation: 1, state: 'received' });
    expect(await repo.markRunning(id, 0, 1)).toBe(false);
    expect(
      await repo.markSegmented(id, 0, {
        segmentation: SEG,
        startedAt: new Date(),
        finishedAt: new Date(),
        attempts: 1,
        volumes: [{ value: 1, name: 'x', voxels: 1, volumeMl: 1 }],
      }),
    ).toBe(false);
    expect(await series(id)).toMatchObject({ state: 'received', generation: 1 });
    expect(await db().ds.manager.count(SegmentVolumeEntity)).toBe(0);
  });

  it('fails with a code only from an active state, and finds stalled series with a model', async () => {
    const id = await completeSeries();
    expect(await repo.findStalled(['complete'], new Date(Date.now() + 1000))).toHaveLength(1);
    expect(await repo.findStalled(['complete'], new Date(Date.now() - 60_000))).toHaveLength(0);
    expect(await repo.markFailed(id, 0, 'models/input-rejected')).toBe(true);
    expect(await repo.markFailed(id, 0, 'other/code')).toBe(false);
    expect(await series(id)).toMatchObject({ state: 'failed', errorCode: 'models/input-rejected' });
  });
});
