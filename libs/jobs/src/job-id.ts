import { JobContractError } from './job-errors';
import { isSafeId } from './job-payload.validator';

/**
 * Deterministic job ids make enqueues idempotent: the reconciler can re-enqueue whatever the DB says
 * is unfinished without creating duplicates. `generation` is bumped by the DB when a series is
 * deliberately re-run (new model, manual retry after a permanent failure).
 * Ids have exactly three `:`-separated parts because BullMQ rejects custom ids with more; `@` (never
 * valid inside an id part) joins the series and the destination.
 */
function part(label: string, value: string): string {
  if (!isSafeId(value) || value.includes(':')) {
    throw new JobContractError('jobs/invalid-id', `${label} must be an id without ':'`);
  }
  return value;
}

function gen(generation: number): number {
  if (!Number.isSafeInteger(generation) || generation < 0) {
    throw new JobContractError('jobs/invalid-id', 'generation must be a non-negative integer');
  }
  return generation;
}

export function segmentSeriesJobId(seriesId: string, generation = 0): string {
  return `segment-series:${part('seriesId', seriesId)}:${gen(generation)}`;
}

export function deliverResultJobId(seriesId: string, destination: string, generation = 0): string {
  return `deliver-result:${part('seriesId', seriesId)}@${part('destination', destination)}:${gen(generation)}`;
}

/** The inverse of segmentSeriesJobId, for queue events that carry only the job id. */
export function parseSegmentSeriesJobId(id: string): { seriesId: string; generation: number } | undefined {
  const m = /^segment-series:([^:]+):(\d+)$/.exec(id);
  return m ? { seriesId: m[1], generation: Number(m[2]) } : undefined;
}
