import { api, ApiProblem } from '../../api/client';
import type { FailedJob, ReplayOutcome } from '../../api/types';

/** What became of each job asked for: replayed, or not with the reason in plain words or the API's problem. */
export interface ReplayReport {
  replayed: string[];
  notReplayed: { id: string; reason?: string; problem?: unknown }[];
}

/** The gateway's per-id outcome in the operator's words (apps/gateway/src/admin/dead-letter.service.ts). */
function reasonOf(outcome: Exclude<ReplayOutcome['outcome'], 'replayed'>): string {
  switch (outcome) {
    case 'not-found':
      return 'no such dead letter any more (it was removed from the queue)';
    case 'not-failed':
      return 'it is no longer failed (already replayed, or running again)';
  }
}

/** Sorts the bulk answer by the ids asked for; an id the answer leaves out was not replayed either. */
export function reportOf(ids: readonly string[], outcomes: readonly ReplayOutcome[]): ReplayReport {
  const byId = new Map(outcomes.map((o) => [o.id, o.outcome]));
  const report: ReplayReport = { replayed: [], notReplayed: [] };
  for (const id of ids) {
    const outcome = byId.get(id);
    if (outcome === 'replayed') report.replayed.push(id);
    else report.notReplayed.push({ id, reason: outcome ? reasonOf(outcome) : 'the gateway did not report on it' });
  }
  return report;
}

/** One job the per-series way: a dead-lettered delivery is replayed, a failed segmentation retried. */
async function replayOne(job: FailedJob): Promise<void> {
  if (!job.seriesId) throw new ApiProblem(0, 'This job names no series', 'console/no-series');
  if (job.destination)
    await api.post('/api/v1/series/{id}/deliveries/{destination}/replay', {
      path: { id: job.seriesId, destination: job.destination },
    });
  else await api.post('/api/v1/series/{id}/retry', { path: { id: job.seriesId } });
}

/**
 * Bulk replay through POST /api/v1/jobs/failed/replay, which answers an outcome per id; a gateway
 * without that route (404/405) is served one series at a time instead, each outcome reported.
 */
export async function replayJobs(jobs: FailedJob[]): Promise<ReplayReport> {
  const ids = jobs.map((j) => j.id);
  try {
    return reportOf(ids, await api.post('/api/v1/jobs/failed/replay', { body: { ids } }));
  } catch (err) {
    if (!(err instanceof ApiProblem) || (err.status !== 404 && err.status !== 405)) throw err;
  }
  const out: ReplayReport = { replayed: [], notReplayed: [] };
  for (const job of jobs) {
    try {
      await replayOne(job);
      out.replayed.push(job.id);
    } catch (problem) {
      out.notReplayed.push({ id: job.id, problem });
    }
  }
  return out;
}
