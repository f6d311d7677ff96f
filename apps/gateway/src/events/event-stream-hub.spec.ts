import { EventStreamHub, type StreamSink } from './event-stream-hub';

/** A sink whose socket buffer grows by what is written unless the client drains it. */
class FakeSink implements StreamSink {
  frames: string[] = [];
  writableLength = 0;
  ended = false;
  destroyed = false;
  constructor(private readonly drains: boolean) {}
  write(chunk: string): boolean {
    this.frames.push(chunk);
    if (!this.drains) this.writableLength += chunk.length;
    return this.drains;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const hub = (maxStreams = 2, maxBufferedBytes = 1000) =>
  new EventStreamHub({ maxStreams, maxBufferedBytes, heartbeatMs: 60_000, retryMs: 3000 });

describe('EventStreamHub', () => {
  it('sends retry first, then each broadcast as one id/event/data frame to every stream', () => {
    const h = hub();
    const a = new FakeSink(true);
    const b = new FakeSink(true);
    h.open(a);
    h.open(b);
    h.broadcast('series', { id: 's1', state: 'complete' });
    for (const s of [a, b]) {
      expect(s.frames[0]).toBe('retry: 3000\n\n');
      expect(s.frames[1]).toBe('id: 1\nevent: series\ndata: {"id":"s1","state":"complete"}\n\n');
    }
    h.endAll();
  });

  it('refuses a stream beyond the limit and accepts one again after a stream closes', () => {
    const h = hub(2);
    const [a, b, c] = [new FakeSink(true), new FakeSink(true), new FakeSink(true)];
    expect(h.open(a)).toBe(true);
    expect(h.open(b)).toBe(true);
    expect(h.open(c)).toBe(false);
    expect(c.frames).toEqual([]);
    h.close(a);
    expect(h.open(c)).toBe(true);
    expect(h.size).toBe(2);
    h.endAll();
  });

  it('drops a slow client whose buffer is full and keeps serving the others', () => {
    const h = hub(2, 200);
    const slow = new FakeSink(false);
    const fast = new FakeSink(true);
    h.open(slow);
    h.open(fast);
    for (let i = 0; i < 20; i++) h.broadcast('stats', { i });
    expect(slow.destroyed).toBe(true);
    expect(slow.writableLength).toBeLessThanOrEqual(200);
    expect(h.size).toBe(1);
    expect(fast.frames).toHaveLength(21);
    expect(fast.destroyed).toBe(false);
    h.endAll();
  });

  it('writes heartbeat comments while streams are open and ends every stream on shutdown', () => {
    jest.useFakeTimers();
    try {
      const h = new EventStreamHub({ maxStreams: 2, maxBufferedBytes: 1000, heartbeatMs: 15_000, retryMs: 3000 });
      const a = new FakeSink(true);
      h.open(a);
      jest.advanceTimersByTime(30_000);
      expect(a.frames.filter((f) => f === ': ping\n\n')).toHaveLength(2);
      h.endAll();
      expect(a.ended).toBe(true);
      expect(h.size).toBe(0);
      jest.advanceTimersByTime(30_000);
      expect(a.frames.filter((f) => f === ': ping\n\n')).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
