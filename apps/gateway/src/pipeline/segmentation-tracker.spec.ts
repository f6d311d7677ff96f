import { segmentSeriesJobId, workKeys, type SegmentSeriesResult } from '@delineo/jobs';
import { InProcessJobQueue, PermanentJobError, type JobHandler } from '@delineo/queue';
import { PipelineEvents, type PipelineEventMap } from '../events/pipeline-events';
import { inMemoryStore, InMemorySeries, seriesRow, silentLog } from '../testing/in-memory-pipeline';
import { SegmentationTracker } from './segmentation-tracker';

const result: SegmentSeriesResult = {
  modelId: 'ct-body',
  modelVersion: '1.0.0',
  engine: 'builtin',
  dims: [4, 4, 2],
  volumes: [{ value: 1, name: 'body', voxels: 20, volumeMl: 1.5 }],
  timings: { downloadMs: 1, decodeMs: 1, inferenceMs: 5, postprocessMs: 1, uploadMs: 1, totalMs: 9 },
  startedAt: '2026-12-06T08:00:00.000Z',
  finishedAt: '2026-12-06T08:00:09.000Z',
};

async function setup(handler: JobHandler<'segment-series'>, generation = 0) {
  const series = new InMemorySeries().add(seriesRow({ id: 'a', state: 'queued', generation }));
  const store = inMemoryStore();
  const queue = new InProcessJobQueue();
  const events = new PipelineEvents(silentLog);
  const segmented: PipelineEventMap['series-segmented'][] = [];
  events.on('series-segmented', 'spec', (e) => void segmented.push(e));
  queue.process('segment-series', handler);
  const tracker = new SegmentationTracker(series, store, queue, events, silentLog);
  const keys = workKeys('a', generation);
  const add = () =>
    queue.add(
      'segment-series',
      {
        seriesId: 'a',
        generation: String(generation),
        modelId: 'ct-body',
        correlationId: 'c',
        input: `fs:${keys.volume}`,
        output: `fs:${keys.labels}`,
      },
      { jobId: segmentSeriesJobId('a', generation), attempts: 1 },
    );
  return { series, store, queue, tracker, segmented, keys, add };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SegmentationTracker', () => {
  it('records a completed job as segmented with its volumes, once, and emits series-segmented', async () => {
    const t = await setup(async () => result);
    await t.store.put(t.keys.labels, Buffer.from('labels'));
    await t.add();
    await t.queue.whenIdle();
    expect(await t.tracker.settle('a', 0)).toBe('segmented');
    expect(await t.tracker.settle('a', 0)).toBe('stale');
    await flush();
    expect(t.series.rows.get('a')).toMatchObject({
      state: 'segmented',
      segmentation: { modelId: 'ct-body', engine: 'builtin', labelsKey: t.keys.labels },
    });
    expect(t.series.volumes.get('a')).toEqual(result.volumes);
    expect(t.segmented).toEqual([{ seriesId: 'a', generation: 0 }]);
    await t.queue.close();
  });

  it('does not accept a completion whose label map is missing from the store (it is re-run)', async () => {
    const t = await setup(async () => result);
    await t.add();
    await t.queue.whenIdle();
    expect(await t.tracker.settle('a', 0)).toBe('missing');
    expect(t.series.state('a')).toBe('queued');
    await t.queue.close();
  });

  it('records a failed job as failed with its code', async () => {
    const t = await setup(async () => {
      throw new PermanentJobError('models/input-rejected', 'not a CT');
    });
    await t.add();
    await t.queue.whenIdle();
    expect(await t.tracker.settle('a', 0)).toBe('failed');
    expect(t.series.rows.get('a')).toMatchObject({ state: 'failed', errorCode: 'models/input-rejected' });
    await t.queue.close();
  });

  it('reports a series whose job is gone as missing, and an outcome for an older generation as stale', async () => {
    const t = await setup(async () => result, 0);
    expect(await t.tracker.settle('a', 0)).toBe('missing');
    await t.store.put(t.keys.labels, Buffer.from('labels'));
    await t.add();
    await t.queue.whenIdle();
    Object.assign(t.series.rows.get('a')!, { state: 'received', generation: 1 }); // a late instance reopened it
    expect(await t.tracker.settle('a', 0)).toBe('stale');
    expect(t.series.state('a')).toBe('received');
    await t.queue.close();
  });

  it('settles from the queue events it listens to, without being asked', async () => {
    const t = await setup(async () => result);
    t.tracker.listen();
    await t.store.put(t.keys.labels, Buffer.from('labels'));
    await t.add();
    await t.queue.whenIdle();
    for (let i = 0; i < 5 && t.series.state('a') !== 'segmented'; i++) await flush();
    expect(t.series.state('a')).toBe('segmented');
    await t.queue.close();
  });
});
