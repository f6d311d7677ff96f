import { PipelineEvents, type PipelineEventMap } from '../events/pipeline-events';
import { InMemorySeries, route, seriesRow, silentLog } from '../testing/in-memory-pipeline';
import { ResultsService } from './results.service';

const flush = () => new Promise((r) => setImmediate(r));

function setup() {
  const series = new InMemorySeries();
  const built: string[] = [];
  const registered: Array<{ key: string; bytes: string }> = [];
  const builder = {
    build: async (s: { id: string; generation: number }) => (
      built.push(`${s.id}/${s.generation}`),
      Buffer.from(`seg ${s.id}`)
    ),
  };
  const ingest = {
    ingestDerived: async (part10: Buffer, key: string) => {
      registered.push({ key, bytes: part10.toString() });
      return {
        sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4',
        sopInstanceUid: '2.25.9',
        studyInstanceUid: '2.25.1',
        seriesInstanceUid: '2.25.8',
        outcome: 'created' as const,
      };
    },
  };
  const events = new PipelineEvents(silentLog);
  const stored: PipelineEventMap['result-stored'][] = [];
  events.on('result-stored', 'spec', (e) => void stored.push(e));
  const svc = new ResultsService(series, builder, ingest, events, silentLog);
  return { series, built, registered, stored, svc };
}

describe('ResultsService', () => {
  it('builds the research SEG, registers it through ingest under its key, marks the generation and emits result-stored', async () => {
    const t = setup();
    t.series.add(seriesRow({ id: 'a', state: 'segmented', generation: 3, route: route(['pacs']) }));
    expect(await t.svc.store('a')).toBe(true);
    await flush();
    expect(t.registered).toEqual([{ key: 'results/a/3/seg.dcm', bytes: 'seg a' }]);
    expect(t.series.rows.get('a')?.resultGeneration).toBe(3);
    expect(t.stored).toEqual([{ seriesId: 'a', generation: 3 }]);
  });

  it('does nothing for a series that is not segmented', async () => {
    const t = setup();
    t.series.add(seriesRow({ id: 'a', state: 'failed' }));
    expect(await t.svc.store('a')).toBe(false);
    expect(t.built).toEqual([]);
    expect(t.registered).toEqual([]);
  });

  it('catches up on segmented series whose result was never registered, and only those', async () => {
    const t = setup();
    t.series.add(
      seriesRow({ id: 'lost', state: 'segmented', generation: 1, resultGeneration: 0 }),
      seriesRow({ id: 'done', state: 'segmented', generation: 1, resultGeneration: 1 }),
      seriesRow({ id: 'sent', state: 'delivered', generation: 0, resultGeneration: 0 }),
    );
    expect(await t.svc.reconcile()).toBe(1);
    expect(t.built).toEqual(['lost/1']);
    expect(await t.svc.reconcile()).toBe(0);
  });
});
