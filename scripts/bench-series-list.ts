/**
 * `npm run bench:series-list`: the console's series list (GET /api/v1/series) over 100,000 series
 * rows in PostgreSQL, p50/p95 through the running gateway over HTTP, for the console's typical
 * queries. No other product has this list, so the peer is the same SQL through a plain `pg` client
 * in the same run: the ratio is the API's own overhead (HTTP, auth, snapshot, TypeORM, JSON). The
 * issue's target: p95 < 100 ms.
 *
 *   npm run bench:series-list -- [--series N] [--iterations N]
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from '../apps/gateway/test/backends';
import { randomSecrets, startTestGateway } from '../apps/gateway/test/harness';
import { seedSeries } from './bench/series-list-seed';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: process.env.BENCH_SERIES ?? '100000' },
    iterations: { type: 'string', default: '200' },
  },
});
const N = Number(args.series);
const ITER = Number(args.iterations);

// What the repository issues (libs/db series-list.ts), written out for the plain client.
const RECEIVED = `NOT EXISTS (SELECT 1 FROM instance i WHERE i.series_id = s.id AND i.received_via = 'derived')`;
const DETAILS = [
  `SELECT * FROM segment_volume WHERE series_id = ANY($1) ORDER BY series_id, label`,
  `SELECT * FROM delivery WHERE series_id = ANY($1) ORDER BY destination`,
];

interface Case {
  name: string;
  api: string;
  where: string;
  params: unknown[];
  count: boolean;
  offset?: number;
}

function cases(deepCursor: string): Case[] {
  const cursor = `(s.created_at, s.id) < (SELECT c.created_at, c.id FROM series c WHERE c.id = $1)`;
  return [
    { name: 'first page (50, with total)', api: '?limit=50', where: RECEIVED, params: [], count: true },
    {
      name: 'state=failed (with total)',
      api: '?state=failed&limit=50',
      where: `${RECEIVED} AND s.state = $1`,
      params: ['failed'],
      count: true,
    },
    {
      name: 'MR + March 2026 (with total)',
      api: '?modality=MR&from=2026-03-01&to=2026-03-31&limit=50',
      where: `${RECEIVED} AND s.modality = $1 AND s.created_at >= $2 AND s.created_at < $3`,
      params: ['MR', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'],
      count: true,
    },
    {
      name: 'deep page by cursor (row 50,000)',
      api: `?limit=50&cursor=${deepCursor}`,
      where: `${RECEIVED} AND ${cursor}`,
      params: [deepCursor],
      count: false,
    },
    {
      name: 'page at offset 10,000',
      api: '?limit=50&offset=10000',
      where: RECEIVED,
      params: [],
      count: true,
      offset: 10000,
    },
  ];
}

async function sqlPage(pg: Client, c: Case): Promise<void> {
  await pg.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  if (c.count) await pg.query(`SELECT count(*) FROM series s WHERE ${c.where}`, c.params);
  const { rows } = await pg.query(
    `SELECT * FROM series s WHERE ${c.where} ORDER BY s.created_at DESC, s.id DESC LIMIT 51 OFFSET ${c.offset ?? 0}`,
    c.params,
  );
  const ids = rows.slice(0, 50).map((r: { id: string }) => r.id);
  for (const q of DETAILS) await pg.query(q, [ids]);
  await pg.query('COMMIT');
}

async function measure(run: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ITER + 20; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    if (i >= 20) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const t0 = Date.now();
  await seedSeries(pg, N);
  const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM series`)).rows;
  process.stdout.write(
    `seeded ${n} series rows (${N} received) by bulk SQL in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const deep = (
    await pg.query(
      `SELECT s.id FROM series s WHERE ${RECEIVED} ORDER BY s.created_at DESC, s.id DESC OFFSET 49999 LIMIT 1`,
    )
  ).rows[0].id as string;
  const gw = await startTestGateway({ env: { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...randomSecrets() } });
  try {
    process.stdout.write(
      `\n${'query'.padEnd(34)} ${'API p50/p95 ms'.padEnd(18)} ${'pg SQL p50/p95 ms'.padEnd(20)} p95 ratio\n`,
    );
    for (const c of cases(deep)) {
      const api = await measure(async () => {
        const r = await gw.fetch(`/api/v1/series${c.api}`);
        const body = (await r.json()) as { items: unknown[] };
        if (r.status !== 200 || body.items.length === 0) throw new Error(`${r.status} or empty page for ${c.api}`);
      });
      const sql = await measure(() => sqlPage(pg, c));
      const ratio = `${(pct(api, 95) / pct(sql, 95)).toFixed(2)}× (API p95 / SQL p95)`;
      process.stdout.write(`${c.name.padEnd(34)} ${fmt(api).padEnd(18)} ${fmt(sql).padEnd(20)} ${ratio}\n`);
    }
    process.stdout.write(`\ntarget (issue 15): API p95 < 100 ms with 100,000 series rows; ${ITER} timed runs each.\n`);
  } finally {
    await pg.end();
    await gw.close();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
