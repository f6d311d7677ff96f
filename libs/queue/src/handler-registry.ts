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
  private started = false;

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: ProcessOptions = {}): this {
    if (this.started)
      throw new QueueError(
        'queue/handler-unexpected',
        `handler for ${keyOf(name, opts.partition)} registered after start`,
      );
    this.registrations.push({ name, handler: handler as unknown as JobHandler, opts });
    return this;
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
    if (this.started) throw new QueueError('queue/handler-duplicate', 'registry already started');
    this.validate(owned);
    for (const r of this.registrations) queue.process(r.name, r.handler, r.opts);
    this.started = true;
  }

  /** What is registered, as `name` or `name@partition`: for the boot log. */
  registered(): string[] {
    return this.registrations.map((r) => keyOf(r.name, r.opts.partition));
  }
}
