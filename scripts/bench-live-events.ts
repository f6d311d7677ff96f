/**
 * `npm run bench:live-events`: the console's live feed (issue 15 "Performance": SSE update latency
 * from a state change to the page, target < 1 s). A gateway in its own process (PostgreSQL; once
 * with REDIS_URL, so each event crosses Redis pub/sub as between instances, once in-process) takes
 * a synthetic CT series by storescu and delivers it to a storescp. Each round is an operator's
 * retry (POST /api/v1/series/:id/retry), which runs the real pipeline again: queued, running,
 * segmented, delivered, each published from the step that made it. N clients hold
 * GET /api/v1/events; a sample is the client's receipt minus the row's state_changed_at (or, for a
 * row that had moved on when read, queued_at / started_at). The peer, in the same run: the same N
 * clients polling GET /api/v1/series/:id every 1 s, as a console without push does; a sample is a
 * poll that first shows a state, minus that state's state_changed_at, and a state that no poll
 * showed (it lasted less than the poll gap) is counted as unseen. A round's retry starts at a random
 * point of the poll cycle. The ratio is poll / SSE. Prints p50/p95/max; asserts nothing.
 *
 *   npm run bench:live-events -- [--rounds N] [--clients 1,50]
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase, deleteRedisPrefix, testRedisUrl } from '../apps/gateway/test/backends';
import { randomSecrets, runTool } from '../apps/gateway/test/harness';
import { startGatewayProcess, type GatewayProcess } from '../test-support/gateway-process';
import { startStorescp, type Storescp } from '../test-support/orthanc-tools';
import { syntheticCtSeries } from '../test-data/synthetic-ct';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, clients: { type: 'string', default: '1,50' } },
});
const ROUNDS = Number(args.rounds);
const CLIENTS = args.clients.split(',').map(Number);
const STATES = ['queued', 'running', 'segmented', 'delivered'];
const ROUND_LIMIT_MS = 60_000; // bounds a stuck round; never part of a figure
const PREFIX = `bench-live-${process.pid}`;

interface Api {
  base: string;
  token: string;
}
interface Detail {
  state: string;
  generation: number;
  timings: { stateChangedAt: string; queuedAt: string | null; startedAt: string | null };
}
/** What a client saw: `${generation}/${state}` -> receipt time (ms since the epoch) and the event's time. */
type Seen = Map<string, { at: number; changedAt: string | null }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const fmt = (xs: number[]) =>
  xs.length ? `${pct(xs, 50)} / ${pct(xs, 95)} / ${xs[xs.length - 1]} (n=${xs.length})` : 'none';

function request(api: Api, method: string, p: string, agent?: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${api.base}${p}`,
      { method, agent, headers: { authorization: `Bearer ${api.token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject).end();
  });
}

/** One EventSource-like client on its own connection, keeping the `series` events of one series. */
function openStream(api: Api, id: string, seen: Seen): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${api.base}/api/v1/events`, {
      agent: false,
      headers: { authorization: `Bearer ${api.token}` },
    });
    req.on('error', reject).on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /api/v1/events: ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        const at = Date.now();
        buf += chunk;
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = /^event: series\ndata: (.*)$/m.exec(frame.replace(/^id: .*\n/, ''))?.[1];
          const e = data ? (JSON.parse(data) as Detail & { id: string; stateChangedAt: string | null }) : undefined;
          if (e?.id === id) seen.set(`${e.generation}/${e.state}`, { at, changedAt: e.stateChangedAt });
        }
      });
      resolve(req);
    });
  });
}

/** One console page polling the series every second, from a random phase, on its own keep-alive connection. */
function startPoller(api: Api, id: string, seen: Seen): () => void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let stop = false;
  void (async () => {
    await sleep(Math.random() * 1000);
    for (let next = Date.now(); !stop; next += 1000) {
      const r = await request(api, 'GET', `/api/v1/series/${id}`, agent).catch((err: unknown) => {
        if (stop) return undefined; // the agent was destroyed under this poll
        throw err;
      });
      if (!r) return;
      const at = Date.now();
      const d = JSON.parse(r.body) as Detail;
      const key = `${d.generation}/${d.state}`;
      if (!seen.has(key)) seen.set(key, { at, changedAt: d.timings.stateChangedAt });
      await sleep(Math.max(0, next + 1000 - Date.now()));
    }
  })();
  return () => ((stop = true), agent.destroy());
}

/** Runs the rounds while `clients` watch; the samples (ms), and the transitions no client saw. */
async function rounds(
  api: Api,
  id: string,
  clients: Seen[],
  jitter: boolean,
): Promise<{ ms: number[]; missed: number }> {
  const ms: number[] = [];
  let missed = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // Pollers: without a random start, each round would begin just after the poll that ended the
    // last one, always at the same point of the 1 s cycle.
    if (jitter) await sleep(Math.random() * 1000);
    const retried = await request(api, 'POST', `/api/v1/series/${id}/retry`);
    if (retried.status !== 202) throw new Error(`retry: ${retried.status} ${retried.body}`);
    const gen = (JSON.parse(retried.body) as { generation: number }).generation;
    const deadline = Date.now() + ROUND_LIMIT_MS;
    while (!clients.every((s) => s.has(`${gen}/delivered`))) {
      if (Date.now() > deadline) throw new Error(`round ${r}: not every client saw ${gen}/delivered`);
      await sleep(20);
    }
    const d = JSON.parse((await request(api, 'GET', `/api/v1/series/${id}`)).body) as Detail;
    const fallback: Record<string, string | null> = { queued: d.timings.queuedAt, running: d.timings.startedAt };
    for (const seen of clients) {
      for (const state of STATES) {
        const s = seen.get(`${gen}/${state}`);
        const changedAt = s?.changedAt ?? fallback[state];
        if (s && changedAt) ms.push(s.at - Date.parse(changedAt));
        else missed++;
      }
    }
  }
  return { ms: ms.sort((a, b) => a - b), missed };
}

async function ingest(gw: GatewayProcess, api: Api, dir: string): Promise<string> {
  const stored = await runTool('storescu', [
    '-aec',
    gw.aeTitle,
    '-aet',
    'BENCH-SCU',
    '+sd',
    '+sp',
    '*.dcm',
    '127.0.0.1',
    String(gw.dimsePort),
    dir,
  ]);
  if (stored.code !== 0) throw new Error(`storescu: ${stored.stderr}`);
  for (const deadline = Date.now() + ROUND_LIMIT_MS; Date.now() < deadline; await sleep(200)) {
    const page = JSON.parse((await request(api, 'GET', '/api/v1/series?limit=1')).body) as {
      items: Array<{ id: string; state: string }>;
    };
    if (page.items[0]?.state === 'delivered') return page.items[0].id;
  }
  throw new Error('the stored series was not delivered');
}

async function token(gw: GatewayProcess): Promise<string> {
  const r = await fetch(`${gw.http}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-console', scopes: ['status:read', 'pipeline:operate'] }),
  });
  if (r.status !== 201) throw new Error(`token: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

async function measure(name: string, env: Record<string, string>, pacs: Storescp, dir: string): Promise<void> {
  const db = await createTestDatabase();
  const gw = await startGatewayProcess({
    env: { ...randomSecrets(), DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...env },
    settings: {
      dimse: { allowedCallers: [{ aeTitle: 'BENCH-SCU' }] },
      series: { quietPeriodSeconds: 3600 },
      routing: [{ name: 'ct', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] }],
      destinations: [
        { name: 'pacs', type: 'dimse', aeTitle: pacs.aet, host: '127.0.0.1', port: pacs.port, allowPlaintext: true },
      ],
      console: { maxEventStreams: Math.max(...CLIENTS) + 1 },
    },
  });
  try {
    const api = { base: gw.http, token: await token(gw) };
    const id = await ingest(gw, api, dir);
    for (const n of CLIENTS) {
      const seen = Array.from({ length: n }, (): Seen => new Map());
      const streams = await Promise.all(seen.map((s) => openStream(api, id, s)));
      const sse = await rounds(api, id, seen, false);
      for (const s of streams) s.destroy();
      const polled = Array.from({ length: n }, (): Seen => new Map());
      const stops = polled.map((s) => startPoller(api, id, s));
      const poll = await rounds(api, id, polled, true);
      for (const stop of stops) stop();
      const ratio = (p: number) => (pct(poll.ms, p) / Math.max(1, pct(sse.ms, p))).toFixed(1);
      process.stdout.write(
        `${name.padEnd(14)} ${String(n).padStart(7)}  ${fmt(sse.ms).padEnd(30)} ${`${fmt(poll.ms)}, ${poll.missed} unseen`.padEnd(42)} ${ratio(50)}× / ${ratio(95)}×\n`,
      );
    }
  } finally {
    await gw.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-bench-live-'));
  const dir = path.join(tmp, 'ct');
  mkdirSync(dir);
  syntheticCtSeries({ count: 24, rows: 96, cols: 96, patientId: 'PID-BENCH-LIVE' }).forEach((f, i) =>
    writeFileSync(path.join(dir, `${i}.dcm`), f),
  );
  const pacs = await startStorescp('BENCH-PACS');
  process.stdout.write(
    `live events: latency from a series' state change (its row) to the client, ms, ${ROUNDS} retries per line ` +
      `(queued, running, segmented, delivered each); ${cpus().length} CPUs\n\n` +
      `${'bus'.padEnd(14)} clients  ${'SSE p50 / p95 / max'.padEnd(30)} ${'poll 1 s p50 / p95 / max, unseen'.padEnd(42)} poll/SSE p50 / p95\n`,
  );
  try {
    await measure('Redis pub/sub', { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: PREFIX }, pacs, dir);
    await measure('in-process', {}, pacs, dir);
    process.stdout.write(`\ntarget (issue 15): SSE update latency < 1 s.\n`);
  } finally {
    await pacs.stop();
    await deleteRedisPrefix(PREFIX);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
