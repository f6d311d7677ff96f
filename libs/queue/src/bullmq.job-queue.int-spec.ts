import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import type { SegmentSeriesPayload } from '@delineo/jobs';
import { BullMqJobQueue, PermanentJobError, createJobQueue, type JobFinishedEvent } from './index';
import { describeIfPeer, testRedisUrl } from '../../../test-support/require-peer';
import { Secret } from '@delineo/config';

const url = testRedisUrl();
const payload = (seriesId: string): SegmentSeriesPayload => ({
  seriesId,
  modelId: 'ct-body',
  correlationId: 'c1',
  generation: '0',
  input: 'fs:work/s/0/volume.nii.gz',
  output: 'fs:work/s/0/labels.nii.gz',
});

function nextEvent(queue: BullMqJobQueue, id: string): { events: JobFinishedEvent[]; done: Promise<JobFinishedEvent> } {
  const events: JobFinishedEvent[] = [];
  let resolve!: (e: JobFinishedEvent) => void;
  const done = new Promise<JobFinishedEvent>((r) => (resolve = r));
  queue.onFinished('segment-series', (e) => {
    events.push(e);
    if (e.id === id) resolve(e);
  });
  return { events, done };
}

describeIfPeer('BullMqJobQueue against real Redis', url, () => {
  const prefix = `delineo-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  let queue: BullMqJobQueue;

  beforeEach(() => {
    queue = new BullMqJobQueue(url, prefix);
  });

  afterEach(async () => {
    await queue.obliterate();
    await queue.close();
  });

  afterAll(async () => {
    const redis = new IORedis(url);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    redis.disconnect();
  });

  it('processes a job with validated data, progress, an active and a completion event, and keeps its result', async () => {
    const { done } = nextEvent(queue, 'segment-series:s1:0');
    const active: string[] = [];
    queue.onActive('segment-series', (id) => active.push(id));
    await queue.waitUntilListening();
    const seen: unknown[] = [];
    queue.process('segment-series', async (job) => {
      seen.push(job.data);
      await job.updateProgress(100);
      return { volumes: [{ value: 1, volumeMl: 2.5 }] };
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'segment-series:s1:0' });
    expect(await done).toEqual({ id: 'segment-series:s1:0', name: 'segment-series', state: 'completed' });
    expect(seen).toEqual([payload('s1')]);
    expect(await queue.getJob('segment-series:s1:0')).toMatchObject({
      state: 'completed',
      progress: 100,
      data: payload('s1'),
      result: { volumes: [{ value: 1, volumeMl: 2.5 }] },
    });
    expect(active).toEqual(['segment-series:s1:0']);
    await queue.ping();
  });

  it('is idempotent on jobId', async () => {
    await queue.add('segment-series', payload('s1'), { jobId: 'segment-series:s1:0' });
    await queue.add('segment-series', payload('s1'), { jobId: 'segment-series:s1:0' });
    const redis = new IORedis(url);
    expect(await redis.llen(`${prefix}:segment-series:wait`)).toBe(1);
    redis.disconnect();
    expect(await queue.getJob('segment-series:s1:0')).toMatchObject({ state: 'waiting' });
  });

  it('rejects a payload carrying extra keys without touching Redis', async () => {
    const bad = { ...payload('s1'), PatientName: 'DOE^JANE' } as SegmentSeriesPayload;
    await expect(queue.add('segment-series', bad, { jobId: 'x:y:z' })).rejects.toMatchObject({
      code: 'jobs/invalid-payload',
    });
    expect(await queue.getJob('x:y:z')).toBeUndefined();
  });

  it('retries with backoff and keeps the failed job with a sanitized reason', async () => {
    const { done } = nextEvent(queue, 'j-fail');
    await queue.waitUntilListening();
    const attempts: number[] = [];
    queue.process('segment-series', async (job) => {
      attempts.push(job.attemptsMade);
      throw new Error('value DOE^JANE too long');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j-fail', attempts: 3, backoffMs: 10, backoffMaxMs: 15 });
    expect(await done).toMatchObject({ state: 'failed', failedReason: 'Error' });
    expect(attempts).toEqual([0, 1, 2]);
    const [failed] = await queue.listFailed('segment-series');
    expect(failed).toMatchObject({ id: 'j-fail', state: 'failed', attemptsMade: 3, failedReason: 'Error' });
    const redis = new IORedis(url);
    const stored = JSON.stringify(await redis.hgetall(`${prefix}:segment-series:j-fail`));
    redis.disconnect();
    expect(stored).not.toContain('DOE^JANE');
  });

  it('does not retry a permanent failure', async () => {
    const { done } = nextEvent(queue, 'j-perm');
    await queue.waitUntilListening();
    let runs = 0;
    queue.process('segment-series', async () => {
      runs++;
      throw new PermanentJobError('models/unsupported-volume', 'not axial');
    });
    await queue.add('segment-series', payload('s1'), { jobId: 'j-perm', attempts: 5, backoffMs: 10 });
    expect(await done).toMatchObject({ state: 'failed', failedReason: 'models/unsupported-volume: not axial' });
    expect(runs).toBe(1);
  });

  it('runs each partition in its own Redis queue and replays a dead-lettered job with its id', async () => {
    const d = (destination: string) => ({ seriesId: 's1', destination, correlationId: 'c1' });
    let fail = true;
    const done: string[] = [];
    queue.process(
      'deliver-result',
      async () => {
        throw new Error('connection refused'); // a PACS that is down: retried far apart
      },
      { partition: 'dead' },
    );
    queue.process(
      'deliver-result',
      async (job) => {
        if (fail) throw new PermanentJobError('delivery/status-cxxx', 'refused');
        done.push(job.data.destination);
      },
      { partition: 'pacs' },
    );
    await queue.add('deliver-result', d('dead'), {
      jobId: 'deliver-result:s1@dead:0',
      partition: 'dead',
      attempts: 50,
      backoffMs: 60_000,
    });
    await queue.add('deliver-result', d('pacs'), {
      jobId: 'deliver-result:s1@pacs:0',
      partition: 'pacs',
      attempts: 2,
      backoffMs: 10,
    });
    const failed = async () => (await queue.getJob('deliver-result:s1@pacs:0', 'pacs'))?.state;
    for (let i = 0; i < 100 && (await failed()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await queue.listFailed('deliver-result', 'pacs')).toEqual([
      expect.objectContaining({ id: 'deliver-result:s1@pacs:0', failedReason: 'delivery/status-cxxx: refused' }),
    ]);
    expect(await queue.getJob('deliver-result:s1@dead:0', 'dead')).toMatchObject({ state: 'delayed' });
    const redis = new IORedis(url);
    expect(await redis.exists(`${prefix}:deliver-result.pacs:deliver-result:s1@pacs:0`)).toBe(1);
    redis.disconnect();
    fail = false;
    expect(await queue.retryFailed('deliver-result:s1@pacs:0', 'pacs')).toBe(true);
    for (let i = 0; i < 100 && !done.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(done).toEqual(['pacs']);
    expect(await queue.getJob('deliver-result:s1@pacs:0', 'pacs')).toMatchObject({ state: 'completed' });
  });

  it('fails an attempt that exceeds its timeout', async () => {
    const { done } = nextEvent(queue, 'j-slow');
    await queue.waitUntilListening();
    queue.process(
      'segment-series',
      (job) => new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve())),
    );
    await queue.add('segment-series', payload('s1'), { jobId: 'j-slow', attempts: 1, timeoutMs: 50 });
    expect((await done).failedReason).toMatch(/^queue\/timeout/);
  });

  it('is what createJobQueue builds in redis mode', async () => {
    const built = createJobQueue({
      mode: {
        queue: { kind: 'redis', url: new Secret(url), prefix },
        db: { kind: 'pglite', dir: '/tmp' },
        store: { kind: 'fs', dir: '/tmp' },
      },
    });
    expect(built).toBeInstanceOf(BullMqJobQueue);
    await built.ping();
    await built.close();
  });
});
