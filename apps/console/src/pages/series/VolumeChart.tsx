import type { Volume } from '../../api/types';

/** Segment volumes (mL) as horizontal bars; the table beside it carries the same numbers for screen readers. */
export function VolumeChart({ volumes }: { volumes: Volume[] }) {
  if (!volumes.length) return null;
  const max = Math.max(...volumes.map((v) => v.volumeMl), 1e-9);
  const row = 22;
  const width = 520;
  const labelW = 160;
  return (
    <svg
      role="img"
      aria-label="Volume per label, in millilitres"
      width={width}
      height={volumes.length * row + 4}
      viewBox={`0 0 ${width} ${volumes.length * row + 4}`}
    >
      {volumes.map((v, i) => {
        const w = (v.volumeMl / max) * (width - labelW - 80);
        return (
          <g key={v.label} transform={`translate(0 ${i * row + 2})`}>
            <text x="0" y="14" fontSize="12">
              {v.name}
            </text>
            <rect className="bar" x={labelW} y="3" width={Math.max(w, 1)} height="14" />
            <text x={labelW + w + 6} y="14" fontSize="12">
              {v.volumeMl.toFixed(1)} mL
            </text>
          </g>
        );
      })}
    </svg>
  );
}
