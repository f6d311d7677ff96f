import { JOB_NAMES, type JobName } from '@delineo/jobs';
import type { JobHandler, JobQueue, ProcessOptions } from './job-queue.port';
import { QueueError } from './queue-error';

interface Registration {
  name: JobName;
  handler: JobHandler;
  opts: ProcessOptions;
}

/**
 * Collects job handlers and refuses to start unless every job this process owns has exactly one
 * handler (the immich pattern): a missing or doubled handler is a wiring bug found at boot, not a
 * job that silently never runs or runs twice.
 */
export class JobHandlerRegistry {
  private readonly registrations: Registration[] = [];
  private started = false;

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: ProcessOptions = {}): this {
    this.registrations.push({ name, handler: handler as unknown as JobHandler, opts });
    return this;
  }

  /** Checks the registrations against `owned` (all job names by default) and throws listing every problem. */
  validate(owned: readonly JobName[] = JOB_NAMES): void {
    const problems: { code: QueueError['code']; text: string }[] = [];
    for (const name of owned) {
      const n = this.registrations.filter((r) => r.name === name).length;
      if (n === 0) problems.push({ code: 'queue/handler-missing', text: `no handler for ${name}` });
      if (n > 1) problems.push({ code: 'queue/handler-duplicate', text: `${n} handlers for ${name}` });
    }
    for (const r of this.registrations) {
      if (!owned.includes(r.name)) problems.push({ code: 'queue/handler-unexpected', text: `handler for ${r.name}, which this process does not own` });
    }
    if (problems.length > 0) throw new QueueError(problems[0].code, problems.map((p) => p.text).join('; '));
  }

  /** Validates, then attaches every handler to the queue. */
  start(queue: JobQueue, owned: readonly JobName[] = JOB_NAMES): void {
    if (this.started) throw new QueueError('queue/handler-duplicate', 'registry already started');
    this.validate(owned);
    for (const r of this.registrations) queue.process(r.name, r.handler, r.opts);
    this.started = true;
  }
}
