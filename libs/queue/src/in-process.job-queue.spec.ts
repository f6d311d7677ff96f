import type { SegmentSeriesPayload } from '@delineo/jobs';
import { backoffDelay, InProcessJobQueue, PermanentJobError, type JobFinishedEvent } from './index';

const payload = (seriesId: string): SegmentSeriesPayload => ({
  seriesId,
  modelId: 'ct-body',
  correlationId: 'c1',
  generation: '0',
  input: 'fs:work/s/0/volume.nii.gz',
  output: 'fs:work/s/0/labels.nii.gz',
});

let queue: InProcessJobQueue;
beforeEach(() => {
  queue = new InProcessJobQueue();
});
afterEach(async () => {
  jest.useRealTimers();
  await queue.close();
});

describe('InProcessJobQueue', () => {
  it('runs a job with validated data and records progress and completion', async () => {
    const seen: unknown[] = [];
    queue.process('segment-series', async (job) => {
      seen.push(job.data);
      await job.updateProgress(40);
      await job.updateProgress(100);
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'segment-series:s1:0' });
    await queue.whenIdle();
    expect(seen).toEqual([payload('s1')]);
    expect(await queue.getJob('segment-series:s1:0')).toMatchObject({
      state: 'completed',
      progress: 100,
      attemptsMade: 0,
    });
  });

  it('deduplicates by jobId', async () => {
    let runs = 0;
    queue.process('segment-series', async () => void runs++);
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.whenIdle();
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.whenIdle();
    expect(runs).toBe(1);
  });

  it('reports each attempt start and keeps the handler result as JSON', async () => {
    const active: string[] = [];
    queue.onActive('segment-series', (id) => active.push(id));
    queue.process('segment-series', async () => ({ at: new Date(0), n: 2 }));
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.whenIdle();
    expect(active).toEqual(['j1']);
    expect(await queue.getJob('j1')).toMatchObject({
      state: 'completed',
      result: { at: '1970-01-01T00:00:00.000Z', n: 2 },
    });
  });

  it('caps the exponential backoff so a long outage is retried at a steady period', async () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 1000, 3000))).toEqual([1000, 2000, 3000, 3000, 3000]);
    jest.useFakeTimers();
    const attempts: number[] = [];
    queue.process('segment-series', async (job) => {
      attempts.push(job.attemptsMade);
      throw new Error('refused');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1', attempts: 4, backoffMs: 1000, backoffMaxMs: 1500 });
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(attempts).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(1499);
    expect(attempts).toEqual([0, 1]); // 2000 uncapped; capped at 1500
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 1, 2]);
    await jest.advanceTimersByTimeAsync(1500);
    expect(attempts).toEqual([0, 1, 2, 3]);
    jest.useRealTimers();
  });

  it('keeps partitions apart: a stuck destination does not hold up another', async () => {
    const d = (destination: string) => ({ seriesId: 's1', destination, correlationId: 'c1' });
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const done: string[] = [];
    queue.process('deliver-result', async (job) => void (await stuck, done.push(job.data.destination)), {
      partition: 'dead-pacs',
    });
    queue.process('deliver-result', async (job) => void done.push(job.data.destination), { partition: 'ehr' });
    await queue.add('deliver-result', d('dead-pacs'), { jobId: 'j-dead', partition: 'dead-pacs' });
    await queue.add('deliver-result', d('ehr'), { jobId: 'j-ehr', partition: 'ehr' });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toEqual(['ehr']);
    release();
    await queue.whenIdle();
    expect(done).toEqual(['ehr', 'dead-pacs']);
  });

  it('replays a failed job from its first attempt, keeping its id', async () => {
    let fail = true;
    queue.process('segment-series', async () => {
      if (fail) throw new PermanentJobError('x/y', 'refused');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.whenIdle();
    expect(await queue.getJob('j1')).toMatchObject({ state: 'failed', attemptsMade: 1 });
    fail = false;
    expect(await queue.retryFailed('j1')).toBe(true);
    await queue.whenIdle();
    expect(await queue.getJob('j1')).toMatchObject({ state: 'completed', attemptsMade: 0 });
    expect(await queue.retryFailed('j1')).toBe(false); // only failed jobs
  });

  it('rejects payloads with extra keys before enqueueing', async () => {
    const bad = { ...payload('s1'), PatientName: 'DOE^JANE' } as SegmentSeriesPayload;
    await expect(queue.add('segment-series', bad, { jobId: 'j1' })).rejects.toMatchObject({
      code: 'jobs/invalid-payload',
    });
    expect(await queue.getJob('j1')).toBeUndefined();
  });

  it('retries with exponential backoff, then keeps the failed job inspectable', async () => {
    jest.useFakeTimers();
    const attempts: number[] = [];
    const finished: JobFinishedEvent[] = [];
    queue.onFinished('segment-series', (e) => finished.push(e));
    queue.process('segment-series', async (job) => {
      attempts.push(job.attemptsMade);
      throw new Error('connection reset by DOE^JANE');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1', attempts: 3, backoffMs: 1000 });
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts).toEqual([0]);
    expect((await queue.getJob('j1'))?.state).toBe('delayed');
    await jest.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(1999);
    expect(attempts).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 1, 2]);
    const failed = await queue.listFailed('segment-series');
    expect(failed).toEqual([
      expect.objectContaining({ id: 'j1', state: 'failed', attemptsMade: 3, failedReason: 'Error' }),
    ]);
    expect(finished).toEqual([{ id: 'j1', name: 'segment-series', state: 'failed', failedReason: 'Error' }]);
  });

  it('does not retry a permanent failure and keeps a domain message', async () => {
    let runs = 0;
    queue.process('segment-series', async () => {
      runs++;
      throw new PermanentJobError('models/unsupported-volume', 'volume is not axial');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1', attempts: 5 });
    await queue.whenIdle();
    expect(runs).toBe(1);
    expect(await queue.getJob('j1')).toMatchObject({
      state: 'failed',
      failedReason: 'models/unsupported-volume: volume is not axial',
    });
  });

  it('runs higher priorities first, unprioritized before prioritized, FIFO within a priority', async () => {
    const order: string[] = [];
    for (const [id, priority] of [
      ['p5', 5],
      ['p1', 1],
      ['none', undefined],
      ['p1b', 1],
    ] as const) {
      await queue.add('segment-series', payload(id), { jobId: id, priority });
    }
    queue.process('segment-series', async (job) => void order.push(job.id));
    await queue.whenIdle();
    expect(order).toEqual(['none', 'p1', 'p1b', 'p5']);
  });

  it('respects concurrency', async () => {
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    queue.process(
      'deliver-result',
      async () => {
        peak = Math.max(peak, ++active);
        await new Promise<void>((r) => release.push(r));
        active--;
      },
      { concurrency: 2 },
    );
    for (const d of ['a', 'b', 'c'])
      await queue.add('deliver-result', { seriesId: 's1', destination: d, correlationId: 'c' }, { jobId: d });
    await new Promise((r) => setImmediate(r));
    expect(release).toHaveLength(2);
    while (release.length) release.shift()!();
    await new Promise((r) => setImmediate(r));
    release.shift()?.();
    await queue.whenIdle();
    expect(peak).toBe(2);
  });

  it('fails an attempt that exceeds its timeout and aborts its signal', async () => {
    jest.useFakeTimers();
    let aborted = false;
    queue.process('segment-series', (job) => {
      job.signal.addEventListener('abort', () => (aborted = true));
      return new Promise<void>(() => undefined);
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j1', attempts: 1, timeoutMs: 5000 });
    await jest.advanceTimersByTimeAsync(5000);
    expect(aborted).toBe(true);
    expect(await queue.getJob('j1')).toMatchObject({
      state: 'failed',
      failedReason: expect.stringMatching(/^queue\/timeout/),
    });
  });

  it('refuses a second handler for the same job and work after close', async () => {
    queue.process('segment-series', async () => undefined);
    expect(() => queue.process('segment-series', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'queue/handler-duplicate' }),
    );
    await queue.close();
    await expect(queue.add('segment-series', payload('s1'), { jobId: 'x' })).rejects.toMatchObject({
      code: 'queue/closed',
    });
    await expect(queue.ping()).rejects.toMatchObject({ code: 'queue/closed' });
  });
});
