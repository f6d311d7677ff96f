import { validateJobPayload, type JobName, type JobPayload } from '@delineo/jobs';
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

interface Entry {
  id: string;
  name: JobName;
  /** queueName(name, partition): which processor takes it. */
  queue: string;
  data: Record<string, string>;
  opts: Required<Omit<AddJobOptions, 'timeoutMs' | 'jobId' | 'partition' | 'backoffMaxMs'>> & {
    timeoutMs?: number;
    backoffMaxMs?: number;
  };
  state: JobState;
  progress: number;
  attemptsMade: number;
  failedReason?: string;
  result?: unknown;
  processedOn?: number;
  attemptsStarted: number;
  seq: number;
}

interface Processor {
  handler: JobHandler;
  concurrency: number;
  active: number;
}

export interface InProcessJobQueueOptions {
  /** Completed jobs kept for inspection (and deduplication) before the oldest are dropped. */
  keepCompleted?: number;
}

/** Embedded-mode and test driver: real async execution with BullMQ's semantics, in one process. */
export class InProcessJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting = new Map<string, Entry[]>();
  private readonly processors = new Map<string, Processor>();
  private readonly listeners = new Map<JobName, ((e: JobFinishedEvent) => void)[]>();
  private readonly activeListeners = new Map<JobName, ((id: string) => void)[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly completed: string[] = [];
  private idleWaiters: (() => void)[] = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly options: InProcessJobQueueOptions = {}) {}

  async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: AddJobOptions): Promise<string> {
    if (this.closed) throw new QueueError('queue/closed', 'queue is closed');
    const data = validateJobPayload(name, payload) as unknown as Record<string, string>;
    if (this.jobs.has(opts.jobId)) return opts.jobId;
    const entry: Entry = {
      id: opts.jobId,
      name,
      queue: queueName(name, opts.partition),
      data,
      state: 'waiting',
      progress: 0,
      attemptsMade: 0,
      attemptsStarted: 0,
      seq: this.seq++,
      opts: {
        priority: opts.priority ?? 0,
        attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
        backoffMs: opts.backoffMs ?? DEFAULT_BACKOFF_MS,
        timeoutMs: opts.timeoutMs,
        backoffMaxMs: opts.backoffMaxMs,
      },
    };
    this.jobs.set(entry.id, entry);
    this.enqueue(entry);
    return entry.id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, opts: ProcessOptions = {}): void {
    const q = queueName(name, opts.partition);
    if (this.processors.has(q))
      throw new QueueError('queue/handler-duplicate', `a handler for ${q} is already registered`);
    this.processors.set(q, {
      handler: handler as unknown as JobHandler,
      concurrency: Math.max(1, opts.concurrency ?? 1),
      active: 0,
    });
    this.pump(q);
  }

  onFinished(name: JobName, listener: (event: JobFinishedEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  onActive(name: JobName, listener: (jobId: string) => void): void {
    this.activeListeners.set(name, [...(this.activeListeners.get(name) ?? []), listener]);
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const e = this.jobs.get(id);
    return e && info(e);
  }

  async listFailed(name: JobName, partition?: string): Promise<JobInfo[]> {
    const q = queueName(name, partition);
    return [...this.jobs.values()].filter((e) => e.queue === q && e.state === 'failed').map(info);
  }

  async retryFailed(id: string): Promise<boolean> {
    const e = this.jobs.get(id);
    if (!e || e.state !== 'failed') return false;
    e.attemptsMade = 0;
    e.attemptsStarted = 0;
    e.failedReason = undefined;
    this.enqueue(e);
    return true;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new QueueError('queue/closed', 'queue is closed');
  }

  /** Resolves once nothing is waiting, delayed or active (test helper; pending retries count). */
  whenIdle(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops dispatching, cancels pending retries and waits for running attempts to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private enqueue(entry: Entry): void {
    entry.state = 'waiting';
    const list = this.waiting.get(entry.queue) ?? [];
    list.push(entry);
    // BullMQ order: unprioritized (0) first, then ascending priority, FIFO within a priority.
    list.sort((a, b) => a.opts.priority - b.opts.priority || a.seq - b.seq);
    this.waiting.set(entry.queue, list);
    this.pump(entry.queue);
  }

  private pump(name: string): void {
    const proc = this.processors.get(name);
    const list = this.waiting.get(name);
    while (!this.closed && proc && list && list.length > 0 && proc.active < proc.concurrency) {
      const entry = list.shift()!;
      proc.active++;
      const run = this.attempt(entry, proc).finally(() => {
        proc.active--;
        this.running.delete(run);
        this.pump(name);
        this.checkIdle();
      });
      this.running.add(run);
    }
  }

  private async attempt(entry: Entry, proc: Processor): Promise<void> {
    entry.state = 'active';
    entry.processedOn = Date.now();
    entry.attemptsStarted++;
    for (const l of this.activeListeners.get(entry.name) ?? []) l(entry.id);
    try {
      // JSON round trip: the result is what BullMQ would have stored and given back.
      const result = await runAttempt(proc.handler, {
        id: entry.id,
        name: entry.name,
        data: entry.data,
        attemptsMade: entry.attemptsMade,
        timeoutMs: entry.opts.timeoutMs,
        updateProgress: async (p) => void (entry.progress = p),
      });
      entry.result = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
      entry.state = 'completed';
      this.remember(entry.id);
      this.emit(entry);
    } catch (err) {
      entry.attemptsMade++;
      entry.failedReason = failureReason(err);
      if (entry.attemptsMade < entry.opts.attempts && !isPermanent(err) && !this.closed) {
        entry.state = 'delayed';
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.enqueue(entry);
          },
          backoffDelay(entry.attemptsMade, entry.opts.backoffMs, entry.opts.backoffMaxMs),
        );
        this.timers.add(timer);
      } else {
        entry.state = 'failed'; // kept for inspection, like BullMQ's removeOnFail: false
        this.emit(entry);
      }
    }
  }

  private emit(entry: Entry): void {
    const event: JobFinishedEvent = {
      id: entry.id,
      name: entry.name,
      state: entry.state as 'completed' | 'failed',
      failedReason: entry.state === 'failed' ? entry.failedReason : undefined,
    };
    for (const l of this.listeners.get(entry.name) ?? []) l(event);
  }

  private remember(id: string): void {
    this.completed.push(id);
    while (this.completed.length > (this.options.keepCompleted ?? 1000)) this.jobs.delete(this.completed.shift()!);
  }

  private isIdle(): boolean {
    return (
      this.timers.size === 0 &&
      this.running.size === 0 &&
      [...this.waiting.entries()].every(([n, l]) => l.length === 0 || !this.processors.has(n))
    );
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function info(e: Entry): JobInfo {
  return {
    id: e.id,
    name: e.name,
    state: e.state,
    progress: e.progress,
    attemptsMade: e.attemptsMade,
    failedReason: e.failedReason,
    data: { ...e.data },
    result: e.result,
    processedOn: e.processedOn,
    attemptsStarted: e.attemptsStarted,
  };
}
