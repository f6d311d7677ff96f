import { JOB_NAMES, validateJobPayload, isJobName, type JobName, type JobPayload } from '@delineo/jobs';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  backoffDelay,
  queueName,
  type AddJobOptions,
  type JobFinishedEvent,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobState,
  type ProcessOptions,
} from './job-queue.port';
import { QueueError, failureReason, isPermanent } from './queue-error';
import { runAttempt } from './run-attempt';

/** What is stored in Redis: the id-only payload plus the per-job timeout. */
interface Envelope {
  payload: Record<string, string>;
  timeoutMs?: number;
  backoffMaxMs?: number;
}

export interface BullMqJobQueueOptions {
  /** Completed jobs kept per queue (failed jobs are always kept). */
  keepCompleted?: number;
}

/** Redis driver: one BullMQ queue per job name under `prefix`; workers may live in other processes. */
export class BullMqJobQueue implements JobQueue {
  private readonly connection: IORedis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly events = new Map<JobName, QueueEvents>();
  private readonly redisUrl: string;
  private readonly connections: IORedis[] = [];

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly options: BullMqJobQueueOptions = {},
  ) {
    this.redisUrl = redisUrl;
    this.connection = this.redis();
  }

  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: AddJobOptions): Promise<string> {
    const envelope: Envelope = {
      payload: validateJobPayload(name, payload) as unknown as Record<string, string>,
      timeoutMs: opts.timeoutMs,
      backoffMaxMs: opts.backoffMaxMs,
    };
    const job = await this.queue(queueName(name, opts.partition)).add(name, envelope, {
      jobId: opts.jobId,
      priority: opts.priority,
      attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: opts.backoffMaxMs ? 'capped' : 'exponential', delay: opts.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { count: this.options.keepCompleted ?? 1000 },
      removeOnFail: false,
    });
    return job.id ?? opts.jobId;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, opts: ProcessOptions = {}): void {
    const worker = new Worker(
      queueName(name, opts.partition),
      async (job: Job<Envelope>) => {
        try {
          return await runAttempt(handler as unknown as JobHandler, {
            id: job.id ?? '',
            name,
            data: job.data.payload,
            attemptsMade: job.attemptsMade,
            timeoutMs: job.data.timeoutMs,
            updateProgress: (p) => job.updateProgress(p),
          });
        } catch (err) {
          // BullMQ stores the message and stack in Redis: replace them with a sanitized reason.
          const reason = failureReason(err);
          throw isPermanent(err) ? new UnrecoverableError(reason) : new Error(reason);
        }
      },
      {
        connection: this.redis(),
        prefix: this.prefix,
        concurrency: Math.max(1, opts.concurrency ?? 1),
        ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
        ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
        settings: {
          // 'capped': exponential with a ceiling kept in the job (BullMQ has no built-in cap).
          backoffStrategy: (
            attemptsMade: number,
            type?: string,
            _err?: Error,
            job?: { opts: { backoff?: unknown }; data: Envelope },
          ) =>
            type === 'capped' && job
              ? backoffDelay(
                  attemptsMade,
                  (job.opts.backoff as { delay?: number })?.delay ?? DEFAULT_BACKOFF_MS,
                  job.data.backoffMaxMs,
                )
              : 0,
        },
      },
    );
    worker.on('error', () => undefined); // connection errors surface through ping()/readiness
    this.workers.push(worker);
  }

  onFinished(name: JobName, listener: (event: JobFinishedEvent) => void): void {
    const events = this.queueEvents(name);
    events.on('completed', ({ jobId }) => listener({ id: jobId, name, state: 'completed' }));
    events.on('failed', ({ jobId, failedReason }) => listener({ id: jobId, name, state: 'failed', failedReason }));
  }

  onActive(name: JobName, listener: (jobId: string) => void): void {
    this.queueEvents(name).on('active', ({ jobId }) => listener(jobId));
  }

  private queueEvents(name: JobName): QueueEvents {
    let events = this.events.get(name);
    if (!events) {
      events = new QueueEvents(name, { connection: this.redis(), prefix: this.prefix });
      events.on('error', () => undefined);
      this.events.set(name, events);
    }
    return events;
  }

  /** Resolves once every onFinished subscription is listening (events before that are not replayed). */
  async waitUntilListening(): Promise<void> {
    await Promise.all([...this.events.values()].map((e) => e.waitUntilReady()));
  }

  async getJob(id: string, partition?: string): Promise<JobInfo | undefined> {
    const found = await this.find(id, partition);
    return found && toInfo(found.name, found.job, await found.job.getState());
  }

  async listFailed(name: JobName, partition?: string): Promise<JobInfo[]> {
    const jobs = (await this.queue(queueName(name, partition)).getFailed(0, 999)) as Job<Envelope>[];
    return jobs.map((job) => toInfo(name, job, 'failed'));
  }

  async retryFailed(id: string, partition?: string): Promise<boolean> {
    const found = await this.find(id, partition);
    if (!found || (await found.job.getState()) !== 'failed') return false;
    await found.job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  private async find(id: string, partition?: string): Promise<{ name: JobName; job: Job<Envelope> } | undefined> {
    const guess = id.split(':')[0];
    const names = isJobName(guess) ? [guess] : [...JOB_NAMES];
    for (const name of names) {
      const job = (await this.queue(queueName(name, partition)).getJob(id)) as Job<Envelope> | undefined;
      if (job) return { name, job };
    }
    return undefined;
  }

  async ping(): Promise<void> {
    try {
      await this.connection.ping();
    } catch {
      throw new QueueError('queue/unavailable', 'redis is unreachable');
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.events.values()].map((e) => e.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const c of this.connections) c.disconnect();
  }

  /** Deletes every queue's keys under this prefix (tests and decommissioning only). */
  async obliterate(): Promise<void> {
    for (const name of new Set([...JOB_NAMES, ...this.queues.keys()]))
      await this.queue(name).obliterate({ force: true });
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  private redis(): IORedis {
    // BullMQ workers need maxRetriesPerRequest: null for their blocking connections.
    const c = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
    c.on('error', () => undefined);
    this.connections.push(c);
    return c;
  }
}

function toInfo(name: JobName, job: Job<Envelope>, state: string): JobInfo {
  const known: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed'];
  const mapped: JobState = known.includes(state as JobState)
    ? (state as JobState)
    : state === 'prioritized' || state === 'waiting-children'
      ? 'waiting'
      : 'unknown';
  const progress = typeof job.progress === 'number' ? job.progress : 0;
  return {
    id: job.id ?? '',
    name,
    state: mapped,
    progress,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason || undefined,
    data: { ...job.data.payload },
    result: mapped === 'completed' ? job.returnvalue : undefined,
    processedOn: job.processedOn,
    attemptsStarted: job.attemptsStarted,
  };
}
