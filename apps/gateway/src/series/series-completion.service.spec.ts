import { PipelineEvents } from '../events/pipeline-events';
import { SeriesCompletionService, SeriesStateStore } from './series-completion.service';

const silent = { info: () => undefined, error: () => undefined };

/** The service with a real event bus; `done` collects what 'series-completed' listeners saw. */
function service(
  store: SeriesStateStore,
  pick: (e: { seriesId: string; reason: string }) => string = (e) => e.seriesId,
) {
  const events = new PipelineEvents(silent);
  const done: string[] = [];
  events.on('series-completed', 'test', (e) => void done.push(pick(e)));
  return { svc: new SeriesCompletionService(store, events, { series: { quietPeriodSeconds: 10 } }, silent), done };
}

function fakeStore() {
  const series = new Map<string, { state: string; generation: number; last: Date }>();
  const store: SeriesStateStore = {
    complete: async (id, gen) => {
      const s = series.get(id);
      if (!s || s.state !== 'received' || s.generation !== gen) return false;
      s.state = 'complete';
      return true;
    },
    dueForCompletion: async (before) =>
      [...series.entries()]
        .filter(([, s]) => s.state === 'received' && s.last < before)
        .map(([id, s]) => ({ id, generation: s.generation })),
    generationOf: async (id) => series.get(id)?.generation,
  };
  return { series, store };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SeriesCompletionService', () => {
  it('completes a series after the quiet period, once', async () => {
    const { series, store } = fakeStore();
    const { svc, done } = service(store, (e) => `${e.seriesId}:${e.reason}`);
    series.set('a', { state: 'received', generation: 0, last: new Date(1_000) });
    await svc.sweep(new Date(5_000));
    expect(done).toEqual([]);
    await svc.sweep(new Date(12_000));
    await svc.sweep(new Date(13_000));
    await flush();
    expect(done).toEqual(['a:quiet-period']);
  });

  it('completes the series of an association when it is released', async () => {
    const { series, store } = fakeStore();
    const { svc, done } = service(store);
    series.set('a', { state: 'received', generation: 0, last: new Date() });
    svc.instanceStored('a', 'assoc-1', { outcome: 'created', seriesId: 'a', seriesReopened: false });
    svc.associationReleased('assoc-1');
    await flush();
    expect(done).toEqual(['a']);
  });

  it('forgets an aborted association without completing its series', async () => {
    const { series, store } = fakeStore();
    const { svc, done } = service(store);
    series.set('a', { state: 'received', generation: 0, last: new Date() });
    svc.instanceStored('a', 'assoc-1', { outcome: 'created', seriesId: 'a', seriesReopened: false });
    svc.associationAborted('assoc-1');
    svc.associationReleased('assoc-1');
    await flush();
    expect(done).toEqual([]);
    expect(series.get('a')!.state).toBe('received');
  });

  it('completes when the expected instance count is met', async () => {
    const { series, store } = fakeStore();
    const { svc, done } = service(store, (e) => e.reason);
    series.set('a', { state: 'received', generation: 0, last: new Date() });
    svc.instanceStored('a', undefined, {
      outcome: 'created',
      seriesId: 'a',
      seriesReopened: false,
      seriesExpectedInstances: 3,
      seriesInstanceCount: 2,
    });
    await flush();
    expect(done).toEqual([]);
    svc.instanceStored('a', undefined, {
      outcome: 'created',
      seriesId: 'a',
      seriesReopened: false,
      seriesExpectedInstances: 3,
      seriesInstanceCount: 3,
    });
    await flush();
    expect(done).toEqual(['expected-count']);
  });

  it('does not complete a series that a late instance reopened (generation guard)', async () => {
    const { series, store } = fakeStore();
    const { svc } = service(store);
    series.set('a', { state: 'received', generation: 1, last: new Date(0) });
    expect(await store.complete('a', 0)).toBe(false);
    await svc.sweep(new Date(20_000));
    expect(series.get('a')!.state).toBe('complete');
  });
});
