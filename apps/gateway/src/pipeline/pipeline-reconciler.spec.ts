import type { SettleOutcome } from './segmentation-tracker';
import { InMemorySeries, seriesRow, silentLog } from '../testing/in-memory-pipeline';
import type { CatchUpStep } from './pipeline.tokens';
import { PipelineReconciler } from './pipeline-reconciler';

const config = { pipeline: { reconcileIntervalMs: 30_000, stallMs: 120_000 } } as ConstructorParameters<
  typeof PipelineReconciler
>[4];
const NOW = new Date('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function setup(outcomes: Record<string, SettleOutcome> = {}, steps: CatchUpStep[] = []) {
  const series = new InMemorySeries();
  const dispatched: string[] = [];
  const settled: string[] = [];
  const dispatcher = { dispatch: async (id: string) => void dispatched.push(id) };
  const tracker = { settle: async (id: string) => (settled.push(id), outcomes[id] ?? 'waiting') };
  const reconciler = new PipelineReconciler(series, dispatcher, tracker, steps, config, silentLog);
  return { series, dispatched, settled, reconciler };
}

describe('PipelineReconciler', () => {
  it('dispatches complete series that stalled past the stall time, and only those', async () => {
    const t = setup();
    t.series.add(
      seriesRow({ id: 'old', state: 'complete', stateChangedAt: ago(200_000) }),
      seriesRow({ id: 'fresh', state: 'complete', stateChangedAt: ago(10_000) }),
      seriesRow({ id: 'no-model', state: 'complete', stateChangedAt: ago(200_000), route: null }),
    );
    expect(await t.reconciler.reconcile(NOW)).toEqual({ dispatched: 1, settled: 0 });
    expect(t.dispatched).toEqual(['old']);
  });

  it('settles queued and running series from their jobs and dispatches again those whose job is lost', async () => {
    const t = setup({ lost: 'missing', done: 'segmented', busy: 'waiting' });
    t.series.add(
      seriesRow({ id: 'lost', state: 'queued', stateChangedAt: ago(60_000) }),
      seriesRow({ id: 'done', state: 'running', stateChangedAt: ago(60_000) }),
      seriesRow({ id: 'busy', state: 'running', stateChangedAt: ago(60_000) }),
      seriesRow({ id: 'just-queued', state: 'queued', stateChangedAt: ago(1_000) }),
    );
    expect(await t.reconciler.reconcile(NOW)).toEqual({ dispatched: 1, settled: 1 });
    expect(t.settled.sort()).toEqual(['busy', 'done', 'lost']);
    expect(t.dispatched).toEqual(['lost']);
  });

  it("runs every later step's catch-up with the stall cut-off and counts what they redid", async () => {
    const seen: Array<[string, Date]> = [];
    const step = (stepName: string, n: number): CatchUpStep => ({
      stepName,
      reconcile: async (before) => (seen.push([stepName, before]), n),
    });
    const t = setup({}, [step('results', 2), step('delivery', 3)]);
    expect(await t.reconciler.reconcile(NOW)).toEqual({ dispatched: 5, settled: 0 });
    expect(seen).toEqual([
      ['results', ago(120_000)],
      ['delivery', ago(120_000)],
    ]);
  });

  it('logs a failure and keeps going on the next interval', async () => {
    const errors: object[] = [];
    const t = setup();
    const broken = new PipelineReconciler(
      { findStalled: async () => Promise.reject(new Error('db down')) },
      { dispatch: async () => undefined },
      { settle: async () => 'waiting' },
      [],
      config,
      { ...silentLog, error: (o: object) => void errors.push(o) },
    );
    expect(await broken.reconcile(NOW)).toEqual({ dispatched: 0, settled: 0 });
    expect(errors).toEqual([expect.objectContaining({ event: 'reconcile-failed' })]);
    expect(await t.reconciler.reconcile(NOW)).toEqual({ dispatched: 0, settled: 0 });
  });
});
