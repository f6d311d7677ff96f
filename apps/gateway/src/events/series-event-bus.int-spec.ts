import { randomBytes } from 'node:crypto';
import { testRedisUrl } from '../../../../test-support/require-peer';
import { RedisSeriesEventBus, type SeriesStateEvent } from './series-event-bus';

const log = { warn: jest.fn() };
const event = (state: string): SeriesStateEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  seriesInstanceUid: '2.25.1',
  studyInstanceUid: '2.25.2',
  state,
  generation: 1,
  modelId: 'ct-body',
  stateChangedAt: new Date().toISOString(),
  publishedAt: new Date().toISOString(),
});

describe('RedisSeriesEventBus (two gateway instances on one Redis)', () => {
  it("delivers one instance's transitions to the other, in order, and keeps prefixes apart", async () => {
    const prefix = `int-live-${randomBytes(4).toString('hex')}`;
    const a = new RedisSeriesEventBus(testRedisUrl(), prefix, log);
    const b = new RedisSeriesEventBus(testRedisUrl(), prefix, log);
    const other = new RedisSeriesEventBus(testRedisUrl(), `${prefix}-other`, log);
    const seen: string[] = [];
    const foreign: string[] = [];
    b.subscribe((e) => seen.push(e.state));
    other.subscribe((e) => foreign.push(e.state));
    try {
      // Subscriptions are asynchronous; publish until the first one is seen, then the sequence.
      while (!seen.includes('received')) {
        a.publish(event('received'));
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const s of ['complete', 'queued', 'running', 'segmented']) a.publish(event(s));
      while (!seen.includes('segmented')) await new Promise((r) => setTimeout(r, 20));
      expect(seen.filter((s) => s !== 'received')).toEqual(['complete', 'queued', 'running', 'segmented']);
      expect(foreign).toEqual([]);
      expect(log.warn).not.toHaveBeenCalled();
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  }, 20_000);

  it('logs instead of throwing when Redis is unreachable', async () => {
    const warn = jest.fn();
    const bus = new RedisSeriesEventBus('redis://127.0.0.1:1', 'unreachable', { warn });
    expect(() => bus.publish(event('complete'))).not.toThrow();
    while (!warn.mock.calls.length) await new Promise((r) => setTimeout(r, 20));
    expect(warn.mock.calls[0][0]).toMatchObject({ event: 'series-events-redis-failed' });
    await bus.close();
  }, 20_000);
});
