/** Job contracts shared by the gateway and the worker. Names follow `<verb>-<noun>` (STYLE.md "Naming"). */
export const JOB_NAMES = ['segment-series', 'deliver-result'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Payloads carry ids and a correlation id only, never pixels or PHI. */
export interface SegmentSeriesPayload {
  /** Pseudonymized series UID or database id; never the original SeriesInstanceUID. */
  seriesId: string;
  modelId: string;
  correlationId: string;
}

export interface DeliverResultPayload {
  seriesId: string;
  /** Destination name from the settings file (`destinations[].name`). */
  destination: string;
  correlationId: string;
}

export interface JobPayloads {
  'segment-series': SegmentSeriesPayload;
  'deliver-result': DeliverResultPayload;
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** The exact key set each payload may have; anything else is rejected so PHI cannot ride along. */
export const JOB_PAYLOAD_KEYS: { readonly [N in JobName]: readonly (keyof JobPayloads[N])[] } = {
  'segment-series': ['seriesId', 'modelId', 'correlationId'],
  'deliver-result': ['seriesId', 'destination', 'correlationId'],
};

export function isJobName(name: unknown): name is JobName {
  return typeof name === 'string' && (JOB_NAMES as readonly string[]).includes(name);
}
