/** The results table and the target verdicts, printed as measured: no rounding in our favour. */

export type Transport = 'dimse' | 'stow';
export type PeerKind = 'storescp' | 'orthanc' | 'delineo';

export interface Row {
  label: string;
  kind: PeerKind;
  transport: Transport;
  associations: number;
  instances: number;
  /** One entry per round; the median is reported. */
  seconds: number[];
  /** Highest VmHWM over the rounds (Delineo only). */
  peakRssBytes?: number;
  rssAtReadyBytes?: number;
  failed?: string;
}

export const TARGETS = { vsStorescp: 0.8, vsOrthanc: 3, peakRssMb: 500 } as const;

const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function rate(r: Row): number | undefined {
  return r.failed || r.seconds.length === 0 ? undefined : r.instances / median(r.seconds);
}

function peerRate(rows: Row[], r: Row, kind: PeerKind): number | undefined {
  const p = rows.find((x) => x.kind === kind && x.transport === r.transport && x.associations === r.associations);
  return p ? rate(p) : undefined;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;
}

function rowPath(r: Row): string {
  return r.transport === 'dimse' ? `storescu → ${r.label}` : `STOW-RS (1 POST) → ${r.label}`;
}

export function printTable(rows: Row[]): void {
  const header = [
    'path',
    'assoc',
    'instances',
    'seconds',
    'inst/s',
    'vs storescp',
    'vs Orthanc',
    'peak RSS MB',
    'RSS at ready MB',
  ];
  const lines = rows.map((r) => {
    const own = rate(r);
    return [
      rowPath(r),
      r.transport === 'dimse' ? String(r.associations) : '—',
      String(r.instances),
      r.failed ? 'FAILED' : median(r.seconds).toFixed(2),
      own === undefined ? 'FAILED' : own.toFixed(0),
      r.kind === 'storescp' || r.transport === 'stow' ? '—' : ratio(own, peerRate(rows, r, 'storescp')),
      r.kind === 'delineo' ? ratio(own, peerRate(rows, r, 'orthanc')) : '—',
      r.peakRssBytes === undefined ? '—' : (r.peakRssBytes / MB).toFixed(0),
      r.rssAtReadyBytes === undefined ? '—' : (r.rssAtReadyBytes / MB).toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

/** Prints PASS/MISS per target; returns false when any measured target was missed. */
export function printVerdicts(rows: Row[]): boolean {
  let allMet = true;
  const verdict = (
    name: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    shown: (v: number) => string,
    why = 'not measured',
  ) => {
    if (value === undefined) return console.log(`  n/a   ${name}: ${why}`);
    const met = ok(value);
    allMet &&= met;
    console.log(`  ${met ? 'PASS' : 'MISS'}  ${name}: ${shown(value)}`);
  };
  const delineo = rows.filter((x) => x.kind === 'delineo' && x.transport === 'dimse');
  delineo.sort((a, b) => a.label.localeCompare(b.label) || a.associations - b.associations);
  for (const r of delineo) {
    const own = rate(r);
    const scp = peerRate(rows, r, 'storescp');
    const orth = peerRate(rows, r, 'orthanc');
    const tag = `${r.label}, ${r.associations} assoc`;
    if (r.failed) {
      allMet = false;
      console.log(`  MISS  ${tag}: the run failed (${r.failed})`);
      continue;
    }
    verdict(
      `${tag} ≥ ${TARGETS.vsStorescp}× storescp`,
      own && scp ? own / scp : undefined,
      (v) => v >= TARGETS.vsStorescp,
      (v) => `${v.toFixed(2)}×`,
    );
    verdict(
      `${tag} ≥ ${TARGETS.vsOrthanc}× Orthanc`,
      own && orth ? own / orth : undefined,
      (v) => v >= TARGETS.vsOrthanc,
      (v) => `${v.toFixed(2)}×`,
      'Orthanc not run',
    );
    if (r.associations === 4) {
      verdict(
        `${r.label} peak RSS < ${TARGETS.peakRssMb} MB with 4 associations`,
        r.peakRssBytes && r.peakRssBytes / MB,
        (v) => v < TARGETS.peakRssMb,
        (v) => `${v.toFixed(0)} MB`,
      );
    }
  }
  return allMet;
}
