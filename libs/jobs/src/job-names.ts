/** Job contracts shared by the gateway and the worker. Names follow `<verb>-<noun>` (STYLE.md "Naming"). */
export const JOB_NAMES = ['segment-series', 'deliver-result'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Payloads carry ids and a correlation id only, never pixels or PHI. */
export interface SegmentSeriesPayload {
  /** Pseudonymized series UID or database id; never the original SeriesInstanceUID. */
  seriesId: string;
  /** The series generation the input was built from (decimal); stale results are ignored. */
  generation: string;
  modelId: string;
  correlationId: string;
  /** Where the worker GETs the de-identified NIfTI volume: a pre-signed URL or an `fs:work/…` key. */
  input: string;
  /** Where the worker PUTs the label map (NIfTI, uint8, same grid). */
  output: string;
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
  'segment-series': ['seriesId', 'generation', 'modelId', 'correlationId', 'input', 'output'],
  'deliver-result': ['seriesId', 'destination', 'correlationId'],
};

/** Keys holding a locator (job-locator.ts) instead of an id. */
export const JOB_LOCATOR_KEYS: { readonly [N in JobName]: readonly (keyof JobPayloads[N])[] } = {
  'segment-series': ['input', 'output'],
  'deliver-result': [],
};

export function isJobName(name: unknown): name is JobName {
  return typeof name === 'string' && (JOB_NAMES as readonly string[]).includes(name);
}
