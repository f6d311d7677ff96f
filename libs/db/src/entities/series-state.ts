/** Pipeline states of a series; the database is the source of truth for them (STYLE "Data and jobs"). */
export const SERIES_STATES = [
  'received',
  'complete',
  'queued',
  'running',
  'segmented',
  'delivered',
  'failed',
] as const;

export type SeriesState = (typeof SERIES_STATES)[number];

/** The routing decision made from the original header at ingest; no identifiers. */
export interface SeriesRoute {
  ruleName: string;
  modelId: string;
  deliverTo: string[];
}
