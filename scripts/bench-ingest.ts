/**
 * `npm run bench:ingest`: end-to-end ingest throughput of the real gateway against dcmtk's storescp
 * (and Orthanc when installed), side by side, on the same synthetic 512×512 CT slices, loopback only,
 * TCP_NODELAY=1 everywhere. Delineo's figure includes de-identification and the durable commit
 * (object flushed to disk through the object journal + database transaction) before each C-STORE response.
 *
 *   npm run bench:ingest -- [--postgres] [--no-orthanc] [--no-stow] [--rounds N] [--count N]
 *                           [--warmup N] [--rebuild | --no-build] [--keep] [--strict] [--log-level L]
 *                           [--baseline DIR]
 *
 * --baseline DIR: another checkout (an earlier commit, `npm ci && npm run build` done there) whose
 * gateway is measured in the same rounds, on the same data, as "… before": a before/after figure
 * from one run rather than two runs on a machine whose load may have changed in between.
 *
 * Env: BENCH_DATABASE_URL (admin URL; implies --postgres, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_COUNT, BENCH_ROUNDS. Exit 1 when any peer did not store exactly what was sent (no figure is
 * reported for it); with --strict, exit 3 when a target is missed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './bench/build';
import { generateBenchData, type BenchData } from './bench/dataset';
import { checkPostgres, delineoLabel, dropAllDatabases, startDelineo, type Backend } from './bench/delineo-peer';
import type { Peer } from './bench/peer';
import { logTail, stopAll } from './bench/procs';
import { orthancAvailable, startOrthanc, startStorescp, STORESCP } from './bench/reference-peers';
import { printTable, printVerdicts, rate, type PeerKind, type Row, type Transport } from './bench/report';
import { storescu, stow, STORESCU } from './bench/transfer';

const REPO = resolve(__dirname, '..');

const { values: args } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: !!process.env.BENCH_DATABASE_URL },
    orthanc: { type: 'boolean', default: orthancAvailable() },
    stow: { type: 'boolean', default: true },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
    count: { type: 'string', default: process.env.BENCH_COUNT ?? '500' },
    warmup: { type: 'string', default: '50' },
    build: { type: 'boolean', default: true },
    rebuild: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    baseline: { type: 'string' },
  },
  allowNegative: true,
  strict: true,
});
const ROUNDS = positiveInt('rounds', args.rounds!);
const COUNT = positiveInt('count', args.count!, 4); // split over 4 associations
const WARMUP = positiveInt('warmup', args.warmup!);
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const backends: Backend[] = args.postgres ? ['embedded', 'postgres'] : ['embedded'];

let tmp: string | undefined;
let cleaning: Promise<void> | undefined;

function positiveInt(name: string, v: string, min = 1): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench:ingest: --${name} must be an integer ≥ ${min}`);
    process.exit(2);
  }
  return n;
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    await dropAllDatabases();
    if (tmp && !args.keep) rmSync(tmp, { recursive: true, force: true });
    else if (tmp) console.log(`kept ${tmp}`);
  })();
  return cleaning;
}

// `on`, not `once`: npm and tsx relay the terminal's SIGINT, so a second one must not kill us mid-cleanup.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    if (cleaning) return;
    console.error(`\n${signal}: stopping peers and removing temp files`);
    void cleanup().finally(() => process.exit(code));
  });
}

interface Scenario {
  transport: Transport;
  associations: number;
}

const SCENARIOS: Scenario[] = [
  { transport: 'dimse', associations: 1 },
  { transport: 'dimse', associations: 4 },
  ...(args.stow ? [{ transport: 'stow' as const, associations: 1 }] : []),
];

interface PeerSpec {
  kind: PeerKind;
  label: string;
  start(dir: string, s: Scenario): Promise<Peer & { rssAtReadyBytes?: number }>;
}

function peerSpecs(): PeerSpec[] {
  const specs: PeerSpec[] = [
    { kind: 'storescp', label: 'storescp', start: (dir, s) => startStorescp(dir, s.associations > 1) },
  ];
  if (args.orthanc) specs.push({ kind: 'orthanc', label: 'Orthanc', start: (dir) => startOrthanc(dir) });
  for (const backend of backends) {
    specs.push({
      kind: 'delineo',
      label: delineoLabel(backend),
      start: (dir) =>
        startDelineo(dir, { repoRoot: REPO, backend, pgAdminUrl: PG_ADMIN_URL, logLevel: args['log-level']! }),
    });
    const baseline = args.baseline ? resolve(args.baseline) : undefined;
    if (baseline) {
      const label = `${delineoLabel(backend)} before`;
      specs.push({
        kind: 'delineo',
        label,
        start: (dir) =>
          startDelineo(dir, {
            repoRoot: baseline,
            backend,
            pgAdminUrl: PG_ADMIN_URL,
            logLevel: args['log-level']!,
            label,
          }),
      });
    }
  }
  return specs;
}

/** One measured run on a fresh peer: warm-up, timed transfer, peak memory, then proof it was stored. */
async function measure(spec: PeerSpec, s: Scenario, data: BenchData, dir: string, row: Row): Promise<void> {
  const peer = await spec.start(dir, s);
  let ok = false;
  try {
    if (s.transport === 'stow') await stow(peer, data.warmup.files);
    else await storescu(peer, [data.warmup.dir]);
    const seconds =
      s.transport === 'stow'
        ? await stow(peer, data.single.files)
        : await storescu(peer, s.associations === 1 ? [data.single.dir] : data.parallel.map((p) => p.dir));
    const peak = peer.peakRssBytes?.();
    const problems = await peer.verify(WARMUP + COUNT);
    if (problems.length) throw new Error(`${peer.label} did not store what it acknowledged: ${problems.join('; ')}`);
    row.seconds.push(seconds);
    if (peak !== undefined) row.peakRssBytes = Math.max(row.peakRssBytes ?? 0, peak);
    if (peer.rssAtReadyBytes !== undefined)
      row.rssAtReadyBytes = Math.max(row.rssAtReadyBytes ?? 0, peer.rssAtReadyBytes);
    console.log(
      `  ${peer.label.padEnd(34)} ${COUNT} in ${seconds.toFixed(2)} s = ${(COUNT / seconds).toFixed(0)}/s${peak ? `, VmHWM ${(peak / 2 ** 20).toFixed(0)} MB` : ''}`,
    );
    ok = true;
  } finally {
    if (!ok) console.error(`  ${peer.label} log (last lines):\n${logTail(peer.logPath, 8)}`);
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  for (const bin of [STORESCU, STORESCP]) if (!existsSync(bin)) throw new Error(`${bin} not found: install dcmtk`);
  if (args.postgres)
    await checkPostgres(PG_ADMIN_URL).catch((e: Error) =>
      Promise.reject(new Error(`PostgreSQL at BENCH_DATABASE_URL is not reachable: ${e.message}`)),
    );
  if (args.build) ensureBuilt(REPO, args.rebuild!);
  else console.log('--no-build: using dist/ as it is');
  tmp = mkdtempSync(join(tmpdir(), 'delineo-bench-'));
  const data = generateBenchData(join(tmp, 'input'), COUNT, WARMUP);
  console.log(
    `${COUNT} synthetic CT slices 512×512 (${(data.bytesPerSlice / 1024).toFixed(0)} KiB each) + ${WARMUP} warm-up slices in ${tmp}`,
  );
  const specs = peerSpecs();
  console.log(`peers: ${specs.map((p) => p.label).join(', ')}; ${ROUNDS} round(s), median reported; TCP_NODELAY=1`);
  console.log(
    `host: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at start (other load skews every peer)\n`,
  );

  const rows: Row[] = [];
  for (const s of SCENARIOS) {
    for (const spec of specs) {
      if (s.transport === 'stow' && spec.kind === 'storescp') continue;
      rows.push({
        label: spec.label,
        kind: spec.kind,
        transport: s.transport,
        associations: s.associations,
        instances: COUNT,
        seconds: [],
      });
    }
  }
  const rowFor = (spec: PeerSpec, s: Scenario) =>
    rows.find((r) => r.label === spec.label && r.transport === s.transport && r.associations === s.associations)!;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of SCENARIOS) {
      console.log(
        `round ${round}/${ROUNDS}: ${s.transport === 'stow' ? 'STOW-RS, one POST' : `C-STORE, ${s.associations} association(s)`}`,
      );
      for (const spec of specs) {
        const row = rowFor(spec, s);
        if (!row || row.failed) continue;
        await measure(spec, s, data, join(tmp, `r${round}-${s.transport}${s.associations}-${spec.kind}`), row).catch(
          (e: Error) => {
            row.failed = e.message.split('\n')[0];
            console.error(`  ERROR ${e.message}`);
          },
        );
      }
    }
  }

  console.log(
    `\nResults (${COUNT} instances, median of ${ROUNDS}; seconds are wall clock around the sender; RSS is Delineo's VmHWM):\n`,
  );
  printTable(rows);
  console.log('\nTargets:');
  const met = printVerdicts(rows);
  console.log(
    '\nNotes: storescp writes files without fsync and keeps no index; Delineo de-identifies, flushes each object to',
  );
  console.log(
    'disk (object journal) and commits a database transaction before answering. Listeners of storescp and Orthanc bind all interfaces;',
  );
  console.log('all traffic goes to 127.0.0.1.');
  const failed = rows.filter((r) => r.failed);
  if (failed.length) {
    console.error(`\nERROR: ${failed.length} run(s) failed; no figure is reported for them:`);
    for (const r of failed) console.error(`  ${r.label} (${r.transport}, ${r.associations} assoc): ${r.failed}`);
    return 1;
  }
  if (rows.every((r) => rate(r) === undefined)) return 1;
  return args.strict && !met ? 3 : 0;
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (err: Error) => {
    console.error(`bench:ingest failed: ${err.message}`);
    await cleanup();
    process.exit(1);
  },
);
