import type { AppConfig } from '@delineo/config';
import { BullMqJobQueue } from './bullmq.job-queue';
import { InProcessJobQueue } from './in-process.job-queue';
import type { JobQueue } from './job-queue.port';

/** Picks the driver from config.mode.queue: Redis when REDIS_URL is set, otherwise in-process. */
export function createJobQueue(config: Pick<AppConfig, 'mode'>): JobQueue {
  const queue = config.mode.queue;
  switch (queue.kind) {
    case 'inprocess':
      return new InProcessJobQueue();
    case 'redis':
      return new BullMqJobQueue(queue.url.reveal(), queue.prefix);
    default: {
      const never: never = queue;
      throw new Error(`unknown queue kind ${(never as { kind: string }).kind}`);
    }
  }
}
