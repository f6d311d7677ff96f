import { JOB_NAMES, type JobName } from '@delineo/jobs';
import type { JobHandler, JobQueue, ProcessOptions } from './job-queue.port';
import { QueueError } from './queue-error';

/** A job this process consumes: a name, or a name in one partition (one queue per destination). */
export type OwnedJob = JobName | { name: JobName; partition: string };

interface Registration {
  name: JobName;
  handler: JobHandler;
  opts: ProcessOptions;
}

const keyOf = (name: JobName, partition?: string): string => (partition === undefined ? name : `${name}@${partition}`);
const ownedKey = (o: OwnedJob): string => (typeof o === 'string' ? o : keyOf(o.name, o.partition));

/**
 * Collects job handlers and refuses to start unless every job this process owns has exactly one
 * handler (the immich pattern): a missing or doubled handler is a wiring bug found at boot, not a
 * job that silently never runs or runs twice. A partitioned job (deliver-result, one queue per
 * destination) is owned per partition.
 */
export class JobHandlerRegistry {
  private readonly registrations: Registration[] = [];
  private queue?: JobQueue;

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: ProcessOptions = {}): this {
    if (this.queue)
      throw new QueueError(
        'queue/handler-unexpected',
        `handler for ${keyOf(name, opts.partition)} registered after start`,
      );
    this.registrations.push({ name, handler: handler as unknown as JobHandler, opts });
    return this;
  }

  /**
   * After start, a NEW partition of a partitioned job: a destination added to the live settings
   * gets its own queue without a restart. Anything else after start is still a wiring bug.
   */
  attachPartition<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    opts: ProcessOptions & { partition: string },
  ): void {
    if (!this.queue) throw new QueueError('queue/handler-unexpected', 'attachPartition before start');
    const key = keyOf(name, opts.partition);
    if (this.registrations.some((r) => keyOf(r.name, r.opts.partition) === key))
      throw new QueueError('queue/handler-duplicate', `handler for ${key} already attached`);
    const r = { name, handler: handler as unknown as JobHandler, opts };
    this.registrations.push(r);
    this.queue.process(r.name, r.handler, r.opts);
  }

  /** Whether a handler for this job (and partition) is registered. */
  has(name: JobName, partition?: string): boolean {
    return this.registrations.some((r) => r.name === name && r.opts.partition === partition);
  }

  /** Checks the registrations against `owned` (all job names by default) and throws listing every problem. */
  validate(owned: readonly OwnedJob[] = JOB_NAMES): void {
    const problems: { code: QueueError['code']; text: string }[] = [];
    const keys = this.registrations.map((r) => keyOf(r.name, r.opts.partition));
    const ownedKeys = owned.map(ownedKey);
    for (const key of ownedKeys) {
      const n = keys.filter((k) => k === key).length;
      if (n === 0) problems.push({ code: 'queue/handler-missing', text: `no handler for ${key}` });
      if (n > 1) problems.push({ code: 'queue/handler-duplicate', text: `${n} handlers for ${key}` });
    }
    for (const key of new Set(keys)) {
      if (!ownedKeys.includes(key))
        problems.push({
          code: 'queue/handler-unexpected',
          text: `handler for ${key}, which this process does not own`,
        });
    }
    if (problems.length > 0) throw new QueueError(problems[0].code, problems.map((p) => p.text).join('; '));
  }

  /** Validates, then attaches every handler to the queue. */
  start(queue: JobQueue, owned: readonly OwnedJob[] = JOB_NAMES): void {
    if (this.queue) throw new QueueError('queue/handler-duplicate', 'registry already started');
    this.validate(owned);
    for (const r of this.registrations) queue.process(r.name, r.handler, r.opts);
    this.queue = queue;
  }

  /** What is registered, as `name` or `name@partition`: for the boot log. */
  registered(): string[] {
    return this.registrations.map((r) => keyOf(r.name, r.opts.partition));
  }
}
