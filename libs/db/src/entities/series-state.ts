/** Pipeline states of a series; the database is the source of truth for them (STYLE "Data and jobs"). */
export const SERIES_STATES = ['received', 'complete', 'queued', 'running', 'segmented', 'delivered', 'failed'] as const;

export type SeriesState = (typeof SERIES_STATES)[number];

/** The routing decision made from the original header at ingest; no identifiers. */
export interface SeriesRoute {
  ruleName: string;
  modelId: string;
  deliverTo: string[];
  /** Segmentation job priority from the rule (1 = highest). */
  priority?: number;
}

/** What the worker reported for a segmented series (no identifiers: ids, names from manifests, numbers). */
export interface SeriesSegmentation {
  modelId: string;
  modelVersion: string;
  engine: string;
  dims: [number, number, number];
  /** Object key of the label map (uint8 NIfTI on the series grid). */
  labelsKey: string;
  timings: Record<string, number>;
}
