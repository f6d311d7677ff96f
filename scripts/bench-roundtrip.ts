/**
 * npm run bench:roundtrip — issue 5's latency: a synthetic 300-slice 512×512 CT is stored into a
 * real Orthanc, which auto-routes it to Delineo (one association, Lua); Delineo de-identifies,
 * segments with ct-body, builds the SEG and C-STOREs it back, re-identified. Prints the latency
 * from the last instance Delineo received to the SEG stored in Orthanc, per stage, next to the
 * peer in the same run: Orthanc forwarding the same 300 instances to Delineo. Target: quiet
 * period + 30 s on 2 cores (completion here is by association release, so no quiet period).
 * `-- --postgres` uses DATABASE_URL-style PostgreSQL (postgres://postgres@127.0.0.1:5432/test) and Redis.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOrthanc } from '../test-support/orthanc';
import { freePort } from '../test-support/ports';
import { syntheticCtSeries } from '../test-data/synthetic-ct';
import { randomSecrets, runTool, startTestGateway } from '../apps/gateway/test/harness';
import { createTestDatabase, testRedisUrl } from '../apps/gateway/test/backends';

const SLICES = Number(process.argv.includes('--slices') ? process.argv[process.argv.indexOf('--slices') + 1] : 300);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-bench-roundtrip-'));
  const dir = path.join(tmp, 'ct');
  mkdirSync(dir);
  syntheticCtSeries({ count: SLICES, rows: 512, cols: 512, patientId: 'BENCH-RT-1' }).forEach((f, i) =>
    writeFileSync(path.join(dir, `${i}.dcm`), f),
  );
  const dimsePort = await freePort();
  const orthanc = await startOrthanc({
    modalities: { DELINEO: { aet: 'DELINEO', host: '127.0.0.1', port: dimsePort } },
    autoRouteTo: 'DELINEO',
    routeOn: 'stable-series',
  });
  const db = process.argv.includes('--postgres') ? await createTestDatabase() : undefined;
  const gw = await startTestGateway({
    env: {
      ...randomSecrets(),
      DIMSE_PORT: String(dimsePort),
      LOG_LEVEL: 'warn',
      ...(db ? { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: `bench-rt-${process.pid}` } : {}),
    },
    settings: {
      dimse: { allowedCallers: [{ aeTitle: orthanc.aet }] },
      series: { quietPeriodSeconds: 3600 },
      destinations: [
        {
          name: 'pacs',
          type: 'dimse',
          aeTitle: orthanc.aet,
          host: '127.0.0.1',
          port: orthanc.dicomPort,
          allowPlaintext: true,
        },
      ],
      routing: [{ name: 'ct', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] }],
    },
  });
  try {
    console.log(
      `bench:roundtrip  ${SLICES} CT slices 512x512 → Orthanc → (Lua auto-route) → Delineo ct-body → SEG → Orthanc; ${db ? 'PostgreSQL + Redis' : 'embedded'}`,
    );
    const sent = Date.now();
    const r = await runTool(
      'storescu',
      ['-aec', orthanc.aet, '-aet', 'MODALITY', '+sd', '+sp', '*', '127.0.0.1', String(orthanc.dicomPort), dir],
      600_000,
    );
    if (r.code !== 0) throw new Error(`storescu into Orthanc failed (${r.code})`);
    type S = {
      id: string;
      state: string;
      timings: { lastInstanceAt: string; receivedAt: string; completedAt: string; stagesMs: Record<string, unknown> };
    };
    let s: S | undefined;
    let segAt = 0;
    for (;;) {
      const items = ((await (await gw.fetch('/api/v1/series')).json()) as { items: S[] }).items;
      s = items[0];
      const c = await orthanc.count();
      if (!segAt && c.series >= 2) segAt = Date.now();
      if (segAt && s?.state === 'delivered') break;
      if (Date.now() - sent > 600_000 || s?.state === 'failed') throw new Error(`stuck: ${s?.state}`);
      await sleep(100);
    }
    const last = Date.parse(s.timings.lastInstanceAt);
    const forward = last - Date.parse(s.timings.receivedAt);
    const latency = segAt - last;
    console.log(`  peer  Orthanc → Delineo forward of ${SLICES} instances      ${secs(forward)}`);
    console.log(`  ours  last instance received → SEG stored in Orthanc   ${secs(latency)}  (polled every 100 ms)`);
    console.log(`  ratio ours/peer                                        ${(latency / forward).toFixed(2)}x`);
    console.log(`  stages ${JSON.stringify(s.timings.stagesMs)}`);
    console.log(`  target quiet period (0: association release) + 30 s   ${latency <= 30_000 ? 'PASS' : 'MISS'}`);
  } finally {
    await gw.close();
    await orthanc.dispose();
    await db?.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
