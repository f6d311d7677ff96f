import { api, ApiProblem } from '../../api/client';
import type { FailedJob } from '../../api/types';

export interface ReplayOutcome {
  replayed: string[];
  failed: { id: string; problem: unknown }[];
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
 * Bulk replay through POST /api/v1/jobs/failed/replay; a gateway without that route (404/405)
 * is served one series at a time instead, each outcome reported.
 */
export async function replayJobs(jobs: FailedJob[]): Promise<ReplayOutcome> {
  try {
    await api.post('/api/v1/jobs/failed/replay', { body: { ids: jobs.map((j) => j.id) } });
    return { replayed: jobs.map((j) => j.id), failed: [] };
  } catch (err) {
    if (!(err instanceof ApiProblem) || (err.status !== 404 && err.status !== 405)) throw err;
  }
  const out: ReplayOutcome = { replayed: [], failed: [] };
  for (const job of jobs) {
    try {
      await replayOne(job);
      out.replayed.push(job.id);
    } catch (problem) {
      out.failed.push({ id: job.id, problem });
    }
  }
  return out;
}
