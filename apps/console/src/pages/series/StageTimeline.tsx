import type { SeriesView } from '../../api/types';

const LABELS: Record<string, string> = {
  receive: 'Receive (first to last instance)',
  quietPeriod: 'Quiet period',
  prepare: 'Prepare volume',
  queueWait: 'Queue wait',
  lastInstanceToResult: 'Last instance to result',
};

export const formatMs = (ms: number | null | undefined): string =>
  ms == null
    ? '—'
    : ms < 1000
      ? `${Math.round(ms)} ms`
      : ms < 120_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${(ms / 60_000).toFixed(1)} min`;

/** The pipeline's stages in order with their durations; the worker's own steps are nested. */
export function StageTimeline({ stages }: { stages: SeriesView['timings']['stagesMs'] }) {
  const flat: [string, number | null][] = [];
  for (const [k, v] of Object.entries(stages)) {
    if (v !== null && typeof v === 'object') for (const [wk, wv] of Object.entries(v)) flat.push([`Worker: ${wk}`, wv]);
    else flat.push([LABELS[k] ?? k, v]);
  }
  const max = Math.max(1, ...flat.map(([, v]) => v ?? 0));
  return (
    <ol className="timeline" aria-label="Pipeline stages">
      {flat.map(([label, ms]) => (
        <li key={label}>
          <span>{label}</span>
          <svg width="100%" height="12" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
            <rect className="bar-bg" x="0" y="2" width="100" height="8" />
            <rect className="bar" x="0" y="2" width={((ms ?? 0) / max) * 100} height="8" />
          </svg>
          <span className="num">{formatMs(ms)}</span>
        </li>
      ))}
    </ol>
  );
}
