import { validateJobPayload, type JobName } from '@delineo/jobs';
import type { JobHandler, QueuedJob } from './job-queue.port';
import { QueueError } from './queue-error';

export interface AttemptInput {
  id: string;
  name: JobName;
  data: unknown;
  attemptsMade: number;
  timeoutMs?: number;
  updateProgress(progress: number): Promise<void>;
}

/** One attempt, shared by both drivers: re-validates the payload and enforces the per-job timeout. */
export async function runAttempt(handler: JobHandler, input: AttemptInput): Promise<unknown> {
  const controller = new AbortController();
  const job: QueuedJob = {
    id: input.id,
    name: input.name,
    data: validateJobPayload(input.name, input.data),
    attemptsMade: input.attemptsMade,
    signal: controller.signal,
    updateProgress: (p) => input.updateProgress(Math.max(0, Math.min(100, p))),
  };
  if (!input.timeoutMs) return handler(job);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new QueueError('queue/timeout', `job exceeded ${input.timeoutMs} ms`);
      reject(err); // settle the race first, so a handler that resolves on abort still times out
      controller.abort(err);
    }, input.timeoutMs);
  });
  try {
    return await Promise.race([handler(job), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
