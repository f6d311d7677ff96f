/** A failed job's reason is `<lib>/<code>: message` for domain errors (libs/queue failureReason). */
export function failureCode(reason: string | undefined): string {
  const m = /^([a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*):/.exec(reason ?? '');
  return m ? m[1] : 'pipeline/worker-failed';
}

/** segment-series:<seriesId>:<generation> → its parts (libs/jobs segmentSeriesJobId). */
export function parseSegmentJobId(id: string): { seriesId: string; generation: number } | undefined {
  const m = /^segment-series:([^:]+):(\d+)$/.exec(id);
  return m ? { seriesId: m[1], generation: Number(m[2]) } : undefined;
}
