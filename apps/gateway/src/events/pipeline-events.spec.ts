import { PipelineEvents } from './pipeline-events';

const flush = () => new Promise((r) => setImmediate(r));

describe('PipelineEvents', () => {
  it('delivers a payload to every listener of its event, in registration order, and none other', async () => {
    const events = new PipelineEvents({ error: () => undefined });
    const seen: string[] = [];
    events.on('series-segmented', 'a', (e) => void seen.push(`a:${e.seriesId}:${e.generation}`));
    events.on('series-segmented', 'b', (e) => void seen.push(`b:${e.seriesId}`));
    events.on('result-stored', 'c', () => void seen.push('c'));
    events.emit('series-segmented', { seriesId: 's1', generation: 2 });
    await flush();
    expect(seen).toEqual(['a:s1:2', 'b:s1']);
    expect(events.listenerNames('series-segmented')).toEqual(['a', 'b']);
  });

  it('logs a failing listener by name with the event, and still runs the others', async () => {
    const errors: object[] = [];
    const events = new PipelineEvents({ error: (o: object) => void errors.push(o) });
    const ran: string[] = [];
    events.on('result-stored', 'broken', async () => Promise.reject(new Error('down')));
    events.on('result-stored', 'fine', () => void ran.push('fine'));
    events.emit('result-stored', { seriesId: 's1', generation: 0 });
    await flush();
    expect(ran).toEqual(['fine']);
    expect(errors).toEqual([
      expect.objectContaining({ event: 'pipeline-listener-failed', on: 'result-stored', listener: 'broken' }),
    ]);
  });

  it('never runs a listener inside emit (the emitter is not held up or broken by it)', () => {
    const events = new PipelineEvents({ error: () => undefined });
    let ran = false;
    events.on('series-completed', 'x', () => {
      ran = true;
      throw new Error('sync throw');
    });
    expect(() => events.emit('series-completed', { seriesId: 's', reason: 'quiet-period' })).not.toThrow();
    expect(ran).toBe(false);
  });
});
