import { deliverResultJobId } from '@delineo/jobs';
import { InProcessJobQueue } from '@delineo/queue';
import { InMemoryDeliveries, InMemorySeries, route, seriesRow, silentLog } from '../testing/in-memory-pipeline';
import { DeliveryService } from './delivery.service';

const config = {
  delivery: { attempts: 3, backoffMs: 10, backoffMaxMs: 100, timeoutMs: 1000 },
} as unknown as ConstructorParameters<typeof DeliveryService>[3];
const live = {
  current: () => ({ destinations: [{ name: 'pacs' }, { name: 'ehr' }] }),
} as unknown as ConstructorParameters<typeof DeliveryService>[5];

function setup() {
  const series = new InMemorySeries();
  const deliveries = new InMemoryDeliveries();
  const queue = new InProcessJobQueue();
  const errors: object[] = [];
  const svc = new DeliveryService(
    series,
    deliveries,
    queue,
    config,
    { ...silentLog, error: (o: object) => void errors.push(o) },
    live,
  );
  return { series, deliveries, queue, errors, svc };
}

const stored = (over: Parameters<typeof seriesRow>[0]) =>
  seriesRow({ state: 'segmented', resultGeneration: over.generation ?? 0, ...over });

describe('DeliveryService', () => {
  it('schedules one pending row and one job per configured destination of a stored result', async () => {
    const t = setup();
    t.series.add(stored({ id: 'a', generation: 1, route: route(['pacs', 'ehr']) }));
    await t.svc.schedule('a');
    expect([...t.deliveries.rows.values()].map((d) => `${d.destination}:${d.generation}:${d.state}`).sort()).toEqual([
      'ehr:1:pending',
      'pacs:1:pending',
    ]);
    expect((await t.queue.getJob(deliverResultJobId('a', 'pacs', 1)))?.data).toMatchObject({
      seriesId: 'a',
      destination: 'pacs',
    });
    expect(await t.queue.getJob(deliverResultJobId('a', 'ehr', 1))).toBeDefined();
  });

  it('skips and logs a destination the routing names but the settings do not define', async () => {
    const t = setup();
    t.series.add(stored({ id: 'a', route: route(['pacs', 'ris']) }));
    await t.svc.schedule('a');
    expect([...t.deliveries.rows.values()].map((d) => d.destination)).toEqual(['pacs']);
    expect(t.errors).toEqual([expect.objectContaining({ event: 'delivery-unknown-destination', destination: 'ris' })]);
  });

  it.each([
    ['a series whose result is not stored yet', seriesRow({ id: 'a', state: 'segmented', route: route(['pacs']) })],
    ['a series not segmented', seriesRow({ id: 'a', state: 'running', route: route(['pacs']) })],
    ['a series without destinations', stored({ id: 'a', route: route([]) })],
  ])('schedules nothing for %s', async (_what, row) => {
    const t = setup();
    t.series.add(row);
    await t.svc.schedule('a');
    expect(t.deliveries.rows.size).toBe(0);
    expect(await t.queue.getJob(deliverResultJobId('a', 'pacs', 0))).toBeUndefined();
  });

  it('replays only a dead-lettered delivery, enqueueing it again', async () => {
    const t = setup();
    await t.deliveries.schedule('a', 0, ['pacs']);
    expect(await t.svc.replay('a', 'pacs')).toBeUndefined(); // pending, not dead-lettered
    Object.assign(t.deliveries.rows.get('a/pacs')!, { state: 'dead-letter', attempts: 3 });
    expect(await t.svc.replay('a', 'pacs')).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await t.queue.getJob(deliverResultJobId('a', 'pacs', 0))).toBeDefined();
  });

  it('catches up: schedules stored results never scheduled, and re-enqueues stalled rows whose job is lost', async () => {
    const t = setup();
    t.series.add(stored({ id: 'a', route: route(['pacs']) }));
    t.deliveries.unscheduled = ['a'];
    await t.deliveries.schedule('b', 2, ['ehr', 'gone']);
    for (const d of t.deliveries.rows.values()) d.updatedAt = new Date(0);
    const n = await t.svc.reconcile(new Date());
    expect(n).toBe(2); // 'a' scheduled, b@ehr re-enqueued; b@gone is no longer configured
    expect(await t.queue.getJob(deliverResultJobId('a', 'pacs', 0))).toBeDefined();
    expect(await t.queue.getJob(deliverResultJobId('b', 'ehr', 2))).toBeDefined();
    expect(await t.queue.getJob(deliverResultJobId('b', 'gone', 2))).toBeUndefined();
    expect(await t.svc.reconcile(new Date())).toBe(1); // the job of b@ehr exists now; only 'a' is listed again
  });
});
