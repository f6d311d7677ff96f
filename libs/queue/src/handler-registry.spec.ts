import { InProcessJobQueue, JobHandlerRegistry, QueueError } from './index';

const noop = async (): Promise<void> => undefined;

function errorOf(fn: () => unknown): QueueError {
  try {
    fn();
  } catch (e) {
    return e as QueueError;
  }
  throw new Error('expected a throw');
}

describe('JobHandlerRegistry', () => {
  it('refuses to start when an owned job has no handler', () => {
    const e = errorOf(() => new JobHandlerRegistry().register('segment-series', noop).validate());
    expect(e.code).toBe('queue/handler-missing');
    expect(e.message).toContain('no handler for deliver-result');
  });

  it('refuses to start when a job has two handlers', () => {
    const e = errorOf(() =>
      new JobHandlerRegistry()
        .register('segment-series', noop)
        .register('segment-series', noop)
        .validate(['segment-series']),
    );
    expect(e.code).toBe('queue/handler-duplicate');
  });

  it('refuses handlers for jobs the process does not own', () => {
    const r = new JobHandlerRegistry().register('segment-series', noop).register('deliver-result', noop);
    expect(errorOf(() => r.validate(['deliver-result'])).code).toBe('queue/handler-unexpected');
  });

  it('owns a partitioned job per partition: one handler per destination, none missing', () => {
    const r = new JobHandlerRegistry()
      .register('deliver-result', noop, { partition: 'pacs' })
      .register('deliver-result', noop, { partition: 'ehr' });
    expect(() =>
      r.validate([
        { name: 'deliver-result', partition: 'pacs' },
        { name: 'deliver-result', partition: 'ehr' },
      ]),
    ).not.toThrow();
    const missing = errorOf(() =>
      r.validate([
        { name: 'deliver-result', partition: 'pacs' },
        { name: 'deliver-result', partition: 'ehr' },
        { name: 'deliver-result', partition: 'ris' },
      ]),
    );
    expect(missing.code).toBe('queue/handler-missing');
    expect(missing.message).toContain('deliver-result@ris');
    const twice = new JobHandlerRegistry()
      .register('deliver-result', noop, { partition: 'pacs' })
      .register('deliver-result', noop, { partition: 'pacs' });
    expect(errorOf(() => twice.validate([{ name: 'deliver-result', partition: 'pacs' }])).code).toBe(
      'queue/handler-duplicate',
    );
  });

  it('refuses a registration after start', () => {
    const r = new JobHandlerRegistry().register('segment-series', noop);
    r.start(new InProcessJobQueue(), ['segment-series']);
    expect(errorOf(() => r.register('deliver-result', noop)).code).toBe('queue/handler-unexpected');
  });

  it('attaches a new partition after start, once, and runs its jobs', async () => {
    const queue = new InProcessJobQueue();
    const r = new JobHandlerRegistry().register('segment-series', noop);
    expect(errorOf(() => r.attachPartition('deliver-result', noop, { partition: 'x' })).code).toBe(
      'queue/handler-unexpected',
    );
    r.start(queue, ['segment-series']);
    const ran: string[] = [];
    r.attachPartition('deliver-result', async (job) => void ran.push(job.data.destination), { partition: 'new' });
    expect(r.has('deliver-result', 'new')).toBe(true);
    expect(r.has('deliver-result', 'other')).toBe(false);
    expect(errorOf(() => r.attachPartition('deliver-result', noop, { partition: 'new' })).code).toBe(
      'queue/handler-duplicate',
    );
    await queue.add(
      'deliver-result',
      { seriesId: 's', destination: 'new', correlationId: 'c' },
      { jobId: 'n1', partition: 'new' },
    );
    for (let i = 0; i < 50 && ran.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
    expect(ran).toEqual(['new']);
  });

  it('attaches exactly one handler per owned job', async () => {
    const queue = new InProcessJobQueue();
    const ran: string[] = [];
    new JobHandlerRegistry()
      .register('segment-series', async (job) => void ran.push(job.name))
      .register('deliver-result', async (job) => void ran.push(job.name))
      .start(queue);
    await queue.add('deliver-result', { seriesId: 's', destination: 'pacs', correlationId: 'c' }, { jobId: 'd' });
    await queue.add(
      'segment-series',
      {
        seriesId: 's',
        modelId: 'm',
        correlationId: 'c',
        generation: '0',
        input: 'fs:work/s/0/volume.nii.gz',
        output: 'fs:work/s/0/labels.nii.gz',
      },
      { jobId: 's' },
    );
    await queue.whenIdle();
    expect(ran.sort()).toEqual(['deliver-result', 'segment-series']);
    await queue.close();
  });
});
