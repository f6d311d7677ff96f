/**
 * `npm run bench:qido`: QIDO-RS latency (p50/p95) of the real gateway over an archive of 100,000
 * instances in PostgreSQL, for the searches a viewer's study list and study browser make, beside
 * Orthanc's QIDO-RS (DICOMweb plugin) measured in the same run on the same searches.
 *
 * Seeding: Delineo's rows are bulk-inserted with SQL (generate_series) into a fresh, migrated test
 * database — the rows ingest would write, without the objects, which QIDO never reads. Orthanc has
 * no bulk path: it is filled through STOW-RS with tiny generated instances (about 150/s here), so it
 * holds BENCH_PEER_INSTANCES (default 2,000), and the output says so on every Orthanc row.
 *
 *   npm run bench:qido -- [--instances N] [--peer-instances N] [--iterations N] [--no-orthanc]
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from '../apps/gateway/test/backends';
import { randomSecrets, startTestGateway } from '../apps/gateway/test/harness';
import { stow } from '../apps/gateway/test/dicomweb-client';
import { orthancInstalled, startOrthanc } from '../test-support/orthanc';
import { seedArchive, tinyStudy, type Seeded } from './bench/qido-seed';

const { values: args } = parseArgs({
  options: {
    instances: { type: 'string', default: process.env.BENCH_INSTANCES ?? '100000' },
    'peer-instances': { type: 'string', default: process.env.BENCH_PEER_INSTANCES ?? '2000' },
    iterations: { type: 'string', default: '200' },
    orthanc: { type: 'boolean', default: orthancInstalled() },
  },
  allowNegative: true,
});
const N = Number(args.instances);
const PEER_N = Number(args['peer-instances']);
const ITER = Number(args.iterations);

interface Query {
  name: string;
  path: (s: Seeded) => string;
}

/** The typical searches: OHIF's study list (date range, PatientID, modality) and study browser. */
const QUERIES: Query[] = [
  { name: 'studies by StudyDate range', path: (s) => `/studies?StudyDate=${s.dateFrom}-${s.dateTo}&limit=100` },
  { name: 'studies by PatientID wildcard', path: (s) => `/studies?PatientID=${s.patientPrefix}*&limit=100` },
  { name: 'studies by ModalitiesInStudy', path: () => `/studies?ModalitiesInStudy=MR&limit=100` },
  { name: 'series of a study', path: (s) => `/studies/${s.study}/series` },
  { name: 'instances of a series', path: (s) => `/studies/${s.study}/series/${s.series}/instances` },
];

async function measure(fetchPath: (p: string) => Promise<Response>, path: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ITER + 20; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fetchPath(path);
    await r.arrayBuffer();
    if (r.status >= 300) throw new Error(`${r.status} for ${path}`);
    if (i >= 20) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const t0 = Date.now();
  const seeded = await seedArchive(pg, N);
  process.stdout.write(
    `seeded Delineo with ${N} instances by bulk SQL in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  await pg.end();
  const gw = await startTestGateway({ env: { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...randomSecrets() } });
  let orthanc: Awaited<ReturnType<typeof startOrthanc>> | undefined;
  let peer: Seeded | undefined;
  try {
    if (args.orthanc) {
      orthanc = await startOrthanc();
      const t1 = Date.now();
      peer = await seedOrthanc(orthanc.url, PEER_N);
      process.stdout.write(
        `seeded Orthanc with ${PEER_N} instances by STOW-RS in ${((Date.now() - t1) / 1000).toFixed(1)} s\n`,
      );
    }
    process.stdout.write(
      `\n${'query'.padEnd(32)} ${'Delineo p50/p95 ms'.padEnd(22)} ${'Orthanc p50/p95 ms'.padEnd(22)} p95 ratio\n`,
    );
    for (const q of QUERIES) {
      const d = await measure((p) => gw.fetch(`/dicomweb${p}`), q.path(seeded));
      let o: number[] | undefined;
      if (orthanc && peer) o = await measure((p) => fetch(`${orthanc!.url}/dicom-web${p}`), q.path(peer));
      const fmt = (xs: number[]) => `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
      const ratio = o ? `${(pct(o, 95) / pct(d, 95)).toFixed(2)}× (Orthanc p95 / Delineo p95)` : 'n/a';
      process.stdout.write(
        `${q.name.padEnd(32)} ${fmt(d).padEnd(22)} ${(o ? fmt(o) : 'not run').padEnd(22)} ${ratio}\n`,
      );
    }
    process.stdout.write(
      `\nDelineo: ${N} instances (PostgreSQL, bulk SQL). Orthanc: ${orthanc ? PEER_N : 0} instances only ` +
        `(STOW-RS seeding); the peer's archive is ${orthanc ? Math.round(N / PEER_N) : '-'}× smaller, which favours it.\n`,
    );
  } finally {
    await orthanc?.dispose();
    await gw.close();
    await db.drop();
  }
}

async function seedOrthanc(url: string, n: number): Promise<Seeded> {
  const perStudy = 20; // 4 series × 5 instances
  let first: Seeded | undefined;
  for (let s = 0; s < Math.ceil(n / perStudy); s++) {
    const { files, seeded } = tinyStudy(s);
    const r = await stow(`${url}/dicom-web/studies`, files);
    if (r.status >= 300) throw new Error(`Orthanc STOW answered ${r.status}`);
    first ??= seeded;
  }
  return first!;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
