import type { RetrievalRow } from '@delineo/db';

/** SOP classes with no image to show: SEG, SR, KO, PR, waveforms, RT structures/plans (PS3.4 B.5). */
const NOT_AN_IMAGE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(66|88|11|9|481\.[2-9])(\.|$)/;

/**
 * The instance a study or series is shown by (PS3.18 §10.4.1.1.5 leaves the choice to the origin
 * server): the series with the most image instances, then its middle instance in instance order.
 */
export function representative(rows: RetrievalRow[]): RetrievalRow {
  const images = rows.filter((r) => !NOT_AN_IMAGE.test(r.sopClassUid));
  const pool = images.length > 0 ? images : rows;
  const bySeries = new Map<string, RetrievalRow[]>();
  for (const r of pool) bySeries.set(r.seriesInstanceUid, [...(bySeries.get(r.seriesInstanceUid) ?? []), r]);
  let best: RetrievalRow[] = [];
  for (const series of bySeries.values()) if (series.length > best.length) best = series;
  return best[Math.floor((best.length - 1) / 2)];
}
