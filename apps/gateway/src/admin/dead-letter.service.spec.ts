import type { JobInfo } from '@delineo/queue';
import { DeadLetterService } from './dead-letter.service';

const job = (id: string, state: JobInfo['state']): JobInfo =>
  ({ id, state, name: 'segment-series', progress: 0, attemptsMade: 3, attemptsStarted: 3, data: {} }) as JobInfo;

describe('DeadLetterService', () => {
  const jobs = new Map<string, JobInfo>([
    ['segment-series:s1:0', job('segment-series:s1:0', 'failed')],
    ['segment-series:s2:1', job('segment-series:s2:1', 'active')],
    ['deliver-result:s3@pacs:0', job('deliver-result:s3@pacs:0', 'failed')],
    ['deliver-result:s4@pacs:0', job('deliver-result:s4@pacs:0', 'failed')],
  ]);
  const queue = { getJob: jest.fn(async (id: string) => jobs.get(id)) };
  const pipeline = { requeue: jest.fn(async () => 1) };
  const dispatcher = { dispatch: jest.fn(async () => undefined) };
  const delivery = {
    replay: jest.fn(async (seriesId: string) => (seriesId === 's3' ? ({ state: 'pending' } as never) : undefined)),
  };
  const audit = { record: jest.fn(async () => undefined) };
  const service = new DeadLetterService(queue, pipeline, dispatcher, delivery, audit);

  it('replays each failed job as its single action, and answers an outcome per id in order', async () => {
    const ids = [
      'segment-series:s1:0',
      'segment-series:s2:1',
      'deliver-result:s3@pacs:0',
      'deliver-result:s4@pacs:0',
      'segment-series:gone:0',
      'not-a-job-id',
    ];
    expect(await service.replay(ids)).toEqual([
      { id: ids[0], outcome: 'replayed' },
      { id: ids[1], outcome: 'not-failed' },
      { id: ids[2], outcome: 'replayed' },
      { id: ids[3], outcome: 'not-failed' }, // the delivery row is no longer dead-lettered
      { id: ids[4], outcome: 'not-found' },
      { id: ids[5], outcome: 'not-found' },
    ]);
    expect(pipeline.requeue).toHaveBeenCalledTimes(1);
    expect(pipeline.requeue).toHaveBeenCalledWith('s1');
    expect(dispatcher.dispatch).toHaveBeenCalledWith('s1');
    expect(delivery.replay).toHaveBeenCalledWith('s3', 'pacs');
    expect(queue.getJob).toHaveBeenCalledWith('deliver-result:s3@pacs:0', 'pacs');
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'jobs.replay', details: { requested: 6, replayed: 2, notFound: 2 } }),
    );
  });
});
