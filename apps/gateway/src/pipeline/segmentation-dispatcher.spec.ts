import { segmentSeriesJobId } from '@delineo/jobs';
import { InProcessJobQueue } from '@delineo/queue';
import { VolumeError } from '@delineo/volume';
import type { ModelRegistry } from '@delineo/models';
import { InMemorySeries, route, seriesRow, silentLog } from '../testing/in-memory-pipeline';
import { SegmentationDispatcher, type DispatcherInputs } from './segmentation-dispatcher';

const config = { pipeline: { attempts: 3, backoffMs: 10 }, worker: { jobTimeoutMs: 60_000 } } as ConstructorParameters<
  typeof SegmentationDispatcher
>[4];
const registry = {
  has: (id: string) => id === 'ct-body',
  get: () => ({ manifest: { runner: { kind: 'builtin' } } }),
} as unknown as Pick<ModelRegistry, 'has' | 'get'>;

function setup(ensure: DispatcherInputs['ensure'] = async () => undefined) {
  const series = new InMemorySeries();
  const queue = new InProcessJobQueue();
  const built: string[] = [];
  const inputs: DispatcherInputs = {
    ensure: async (id, gen, check) => (built.push(`${id}/${gen}`), ensure(id, gen, check)),
    locators: async (id, gen) => ({
      input: `fs:work/${id}/${gen}/volume.nii.gz`,
      output: `fs:work/${id}/${gen}/labels.nii.gz`,
    }),
  };
  const errors: object[] = [];
  const log = { ...silentLog, error: (o: object) => void errors.push(o) };
  const dispatcher = new SegmentationDispatcher(series, inputs, queue, registry, config, log);
  return { series, queue, built, errors, dispatcher };
}

describe('SegmentationDispatcher', () => {
  it('builds the input once, marks the series queued, then adds a job with the deterministic id and the locators', async () => {
    const { series, queue, built, dispatcher } = setup();
    series.add(seriesRow({ id: 'a', generation: 2, route: { ...route(), priority: 1 } }));
    await dispatcher.dispatch('a');
    expect(built).toEqual(['a/2']);
    expect(series.state('a')).toBe('queued');
    const job = await queue.getJob(segmentSeriesJobId('a', 2));
    expect(job?.data).toMatchObject({
      seriesId: 'a',
      generation: '2',
      modelId: 'ct-body',
      input: 'fs:work/a/2/volume.nii.gz',
      output: 'fs:work/a/2/labels.nii.gz',
    });
    await queue.close();
  });

  it('fails a series routed to a model that is not installed, without building anything', async () => {
    const { series, queue, built, dispatcher } = setup();
    series.add(seriesRow({ id: 'a', route: route([], 'no-such-model') }));
    await dispatcher.dispatch('a');
    expect(series.rows.get('a')).toMatchObject({ state: 'failed', errorCode: 'models/unknown-model' });
    expect(built).toEqual([]);
    expect(await queue.getJob(segmentSeriesJobId('a', 0))).toBeUndefined();
  });

  it('fails the series with the coded error when its input cannot be segmented (no retry would help)', async () => {
    const { series, queue, dispatcher } = setup(async () => {
      throw new VolumeError('volume/inconsistent-orientation', 'slices do not share an orientation');
    });
    series.add(seriesRow({ id: 'a' }));
    await dispatcher.dispatch('a');
    expect(series.rows.get('a')).toMatchObject({ state: 'failed', errorCode: 'volume/inconsistent-orientation' });
    expect(await queue.getJob(segmentSeriesJobId('a', 0))).toBeUndefined();
  });

  it('leaves the series complete on a passing fault (the reconciler dispatches it again) and never throws', async () => {
    const { series, queue, errors, dispatcher } = setup(async () => {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    series.add(seriesRow({ id: 'a' }));
    await expect(dispatcher.dispatch('a')).resolves.toBeUndefined();
    expect(series.state('a')).toBe('complete');
    expect(errors).toEqual([expect.objectContaining({ event: 'dispatch-failed', seriesId: 'a' })]);
    expect(await queue.getJob(segmentSeriesJobId('a', 0))).toBeUndefined();
  });

  it.each([
    ['a series already segmented', seriesRow({ id: 'a', state: 'segmented' })],
    ['a series without a model to run', seriesRow({ id: 'a', route: null })],
  ])('does nothing for %s', async (_what, row) => {
    const { series, built, dispatcher } = setup();
    series.add(row);
    await dispatcher.dispatch('a');
    expect(built).toEqual([]);
    expect(series.state('a')).toBe(row.state);
  });

  it('does not enqueue when a late instance reopened the series while its input was built', async () => {
    const { series, queue, dispatcher } = setup(async () => {
      Object.assign(series.rows.get('a')!, { state: 'received', generation: 1 });
    });
    series.add(seriesRow({ id: 'a' }));
    await dispatcher.dispatch('a');
    expect(series.rows.get('a')).toMatchObject({ state: 'received', generation: 1 });
    expect(await queue.getJob(segmentSeriesJobId('a', 0))).toBeUndefined();
  });

  it('runs one dispatch per series at a time: a second call while the first builds is a no-op', async () => {
    let release!: () => void;
    const { series, built, dispatcher } = setup(() => new Promise<void>((r) => (release = r)));
    series.add(seriesRow({ id: 'a' }));
    const first = dispatcher.dispatch('a');
    await new Promise((r) => setImmediate(r));
    await dispatcher.dispatch('a');
    release();
    await first;
    expect(built).toEqual(['a/0']);
  });
});
