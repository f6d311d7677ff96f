import { ArchiveRepository, SeriesEntity, SeriesStatusRepository } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

describeEachBackend('SeriesStatusRepository.latestModelRuns', (db) => {
  let repo: SeriesStatusRepository;
  let archive: ArchiveRepository;

  beforeAll(() => {
    repo = new SeriesStatusRepository(db().ds);
    archive = new ArchiveRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  const segmented = async (series: string, modelId: string, engine: string, finishedAt: string, total: number) => {
    const r = await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '9', series, sop: `${series}.1` })),
    );
    const segmentation = {
      modelId,
      modelVersion: '1.0.0',
      engine,
      dims: [1, 1, 1],
      labelsKey: 'k',
      timings: { total },
    };
    await db().ds.manager.update(
      SeriesEntity,
      { id: r.seriesId },
      {
        segmentation: segmentation as unknown as SeriesEntity['segmentation'],
        finishedAt: new Date(finishedAt),
        prepareMs: 5,
      },
    );
  };

  it('answers the latest finished run of each model on each engine', async () => {
    await segmented('9.1', 'ct-body', 'builtin', '2024-01-01T00:00:00Z', 100);
    await segmented('9.2', 'ct-body', 'builtin', '2024-02-01T00:00:00Z', 200);
    await segmented('9.3', 'ct-body', 'onnx:cpu', '2024-01-15T00:00:00Z', 300);
    await segmented('9.4', 'brain', 'onnx:cuda', '2024-01-10T00:00:00Z', 400);
    const runs = await repo.latestModelRuns();
    expect(
      runs.map((r) => [r.modelId, r.engine, r.finishedAt.toISOString(), r.timings.total, r.prepareMs]).sort(),
    ).toEqual([
      ['brain', 'onnx:cuda', '2024-01-10T00:00:00.000Z', 400, 5],
      ['ct-body', 'builtin', '2024-02-01T00:00:00.000Z', 200, 5],
      ['ct-body', 'onnx:cpu', '2024-01-15T00:00:00.000Z', 300, 5],
    ]);
  });

  it('ignores series without a finished segmentation', async () => {
    await db().ds.transaction((em) =>
      archive.upsertInstance(em, instanceInput({ study: '9', series: '9.9', sop: '9.9.1' })),
    );
    expect(await repo.latestModelRuns()).toEqual([]);
  });
});
