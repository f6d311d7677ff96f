import type { JobName, JobPayload } from '@delineo/jobs';

export interface AddJobOptions {
  /** Deterministic id (see @delineo/jobs job-id helpers); adding an existing id is a no-op. */
  jobId: string;
  /** BullMQ semantics: 1 is the highest priority; jobs without one run before prioritized jobs. */
  priority?: number;
  /** Total tries including the first (default 3). */
  attempts?: number;
  /** Base delay of the exponential backoff: retry n waits backoffMs * 2^(n-1) (default 1000). */
  backoffMs?: number;
  /** Cap on one backoff delay: retries of a long outage settle at this period instead of growing. */
  backoffMaxMs?: number;
  /** Per-attempt timeout; the handler's `signal` aborts and the attempt fails with queue/timeout. */
  timeoutMs?: number;
  /**
   * A separate queue for this job (e.g. one per delivery destination), with its own workers: a
   * peer that is down or slow holds up only its own partition (MONAI Deploy #153/#200).
   */
  partition?: string;
}

export interface QueuedJob<N extends JobName = JobName> {
  id: string;
  name: N;
  data: JobPayload<N>;
  /** Attempts already made before this one. */
  attemptsMade: number;
  signal: AbortSignal;
  updateProgress(progress: number): Promise<void>;
}

/**
 * A handler may return a small JSON-serialisable result (ids, numbers, names from manifests; never
 * dataset values); it is kept with the completed job, which is how a worker without a database
 * reports back.
 */
export type JobHandler<N extends JobName = JobName> = (job: QueuedJob<N>) => Promise<unknown>;

export interface ProcessOptions {
  concurrency?: number;
  /**
   * BullMQ: how long a worker's lock on an active job lasts without renewal, and how often
   * stalled jobs (a worker that died: kill -9, power loss) are looked for and retried. Defaults
   * 30 s / 30 s; lower means faster recovery and more Redis traffic.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Consume only this partition (see AddJobOptions.partition). */
  partition?: string;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobInfo {
  id: string;
  name: JobName;
  state: JobState;
  progress: number;
  attemptsMade: number;
  failedReason?: string;
  data: Readonly<Record<string, string>>;
  /** The handler's return value, for completed jobs. */
  result?: unknown;
  /** Attempts started, including one cut off by a dead worker (stalled) and the current one. */
  attemptsStarted: number;
  /** When the current or last attempt started, ms since the epoch. */
  processedOn?: number;
}

export interface JobFinishedEvent {
  id: string;
  name: JobName;
  state: 'completed' | 'failed';
  failedReason?: string;
}

/** Dispatch only: the database stays the truth, and a reconciler re-enqueues unfinished work. */
export interface JobQueue {
  add<N extends JobName>(name: N, payload: JobPayload<N>, opts: AddJobOptions): Promise<string>;
  process<N extends JobName>(name: N, handler: JobHandler<N>, opts?: ProcessOptions): void;
  /** Final outcomes (after the last retry), seen by every process sharing the queue. */
  onFinished(name: JobName, listener: (event: JobFinishedEvent) => void): void;
  /** An attempt started (first run, retry, or a stalled job taken over), in any process. */
  onActive(name: JobName, listener: (jobId: string) => void): void;
  getJob(id: string, partition?: string): Promise<JobInfo | undefined>;
  listFailed(name: JobName, partition?: string): Promise<JobInfo[]>;
  /** Runs a failed job again from its first attempt, keeping its id (a dead-letter replay). */
  retryFailed(id: string, partition?: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;

/** The queue a job lives in: its name, or `<name>.<partition>`. */
export function queueName(name: JobName, partition?: string): string {
  return partition ? `${name}.${partition}` : name;
}

/** Delay before retry n (1-based): exponential from `base`, capped at `max`. */
export function backoffDelay(n: number, base: number, max?: number): number {
  const d = base * 2 ** Math.max(0, n - 1);
  return max === undefined ? d : Math.min(d, max);
}
