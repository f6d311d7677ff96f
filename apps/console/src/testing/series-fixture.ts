import type { SeriesView } from '../api/types';

/** A series as GET /api/v1/series answers it: a CT, segmented by `lungs`, with every timing set. */
export function seriesFixture(over: Partial<SeriesView> & Pick<SeriesView, 'id'>): SeriesView {
  return {
    seriesInstanceUid: '2.25.99',
    studyInstanceUid: '2.25.77',
    modality: 'CT',
    seriesDescription: 'CHEST',
    state: 'segmented',
    generation: 1,
    route: { ruleName: 'chest-ct', modelId: 'lungs', deliverTo: [] },
    model: { id: 'lungs' },
    progress: 100,
    attempts: 1,
    errorCode: null,
    expectedInstances: null,
    timings: {
      receivedAt: '2026-01-02T10:00:00Z',
      lastInstanceAt: '2026-01-02T10:00:01Z',
      completedAt: null,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      stateChangedAt: '2026-01-02T10:00:01Z',
      stagesMs: { receive: 1200, quietPeriod: 5000, prepare: 300, queueWait: 40, lastInstanceToResult: 9000 },
    },
    volumes: [],
    deliveries: [],
    ...over,
  };
}
