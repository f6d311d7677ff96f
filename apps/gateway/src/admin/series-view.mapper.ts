import type { SeriesStatus } from '@delineo/db';
import type { JobInfo } from '@delineo/queue';
import type { SeriesViewDto } from './series.dto';

const ms = (a?: Date | null, b?: Date | null): number | null => (a && b ? b.getTime() - a.getTime() : null);

/**
 * The status API's view of a series: state, model, progress, per-stage timings, volumes. Both
 * UIDs are the archive's pseudonymized ones (series and study rows hold no other).
 */
export function seriesView(
  { series: s, studyInstanceUid, volumes, deliveries }: SeriesStatus,
  job?: JobInfo,
): SeriesViewDto {
  const seg = s.segmentation;
  const live = s.state === 'queued' || s.state === 'running';
  return {
    id: s.id,
    seriesInstanceUid: s.seriesInstanceUid,
    studyInstanceUid,
    modality: s.modality,
    seriesDescription: s.seriesDescription,
    state: s.state,
    generation: s.generation,
    route: s.route,
    model: seg
      ? { id: seg.modelId, version: seg.modelVersion, engine: seg.engine }
      : s.route
        ? { id: s.route.modelId }
        : null,
    progress: s.state === 'segmented' || s.state === 'delivered' ? 100 : live && job ? job.progress : 0,
    attempts: live && job ? job.attemptsStarted : s.attempts,
    errorCode: s.errorCode,
    expectedInstances: s.expectedInstances,
    timings: {
      receivedAt: s.createdAt,
      lastInstanceAt: s.lastInstanceAt,
      completedAt: s.completedAt,
      queuedAt: s.queuedAt,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      stateChangedAt: s.stateChangedAt,
      stagesMs: {
        receive: ms(s.createdAt, s.lastInstanceAt),
        quietPeriod: ms(s.lastInstanceAt, s.completedAt),
        prepare: s.prepareMs,
        queueWait: ms(s.queuedAt, s.startedAt),
        ...(seg ? { worker: seg.timings } : {}),
        lastInstanceToResult: ms(s.lastInstanceAt, s.finishedAt),
      },
    },
    volumes: volumes.map((v) => ({ label: v.label, name: v.name, voxels: v.voxels, volumeMl: v.volumeMl })),
    deliveries: deliveries.map((d) => ({
      destination: d.destination,
      state: d.state,
      attempts: d.attempts,
      errorCode: d.errorCode,
      deliveredAt: d.deliveredAt,
    })),
  };
}
