/**
 * Issue 13, measurement 7, on a real standalone worker process and real Redis (BullMQ): "The
 * worker fetches any http(s) locator found in a Redis job payload. It follows redirects and reads
 * replies with no size limit." Jobs are written straight into Redis (the repo's queue class, or raw
 * BullMQ where the class itself refuses the payload), as anyone holding the Redis password could.
 *
 * An "attacker" node:http server records every connection and request. Worker A's store is an
 * s3rver (and an OBJECTS_DIR for fs: keys); worker B's store IS the attacker server, so its URLs
 * pass the locator policy and the server can answer 3xx, endless and oversized bodies. Refused
 * locators run first, while the server must not have seen one connection; every hostile case
 * has a positive control showing the same route works when the locator is legitimate.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { segmentSeriesJobId, type SegmentSeriesPayload } from '@delineo/jobs';
import { BullMqJobQueue, type JobInfo } from '@delineo/queue';
import { S3ObjectStore } from '@delineo/storage';
import { decodeNifti, encodeNifti } from '@delineo/volume';
import { describeIfPeer } from '../../../test-support/require-peer';
import { deleteRedisPrefix, startS3rver, testRedisUrl, type TestS3 } from './backends';
import { waitFor } from './wait';
import { spawnWorker, type WorkerProcess } from './worker-process';

const BUCKET = 'delineo-e2e';
const SECRET = 'SECRET123';
const SIG = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${SECRET}`;
const MAX_BYTES = 1024 * 1024; // worker B's WORKER_MAX_OBJECT_BYTES (the smallest it accepts)
const ENDLESS_BYTES = 256 * 1024 * 1024; // what the "endless" reply would send if nobody hung up

/** A tiny CT-like volume ct-body segments in milliseconds: a water cylinder in air. */
function volumeNifti(): Buffer {
  const [nx, ny, nz] = [24, 24, 6];
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = (i - 11.5) ** 2 + (j - 11.5) ** 2 < 81 ? 40 : -1000;
  return encodeNifti(
    {
      dims: [nx, ny, nz],
      spacing: [2, 2, 3],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      data,
      sources: [],
    },
    { datatype: 'int16', gzip: true },
  );
}

interface Seen {
  method: string;
  url: string;
  host: string;
}

/** The attacker: records everything, serves whatever the path asks for. */
function attackerServer(volume: Buffer) {
  const requests: Seen[] = [];
  const puts = new Map<string, Buffer>();
  const endless = { started: 0, finished: 0, closedEarly: 0 };
  let connections = 0;
  let clientErrors = 0;
  const work = (p: string) => `/${BUCKET}/work/${p}`;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '' });
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const p = url.pathname;
      if (req.method === 'PUT') {
        if (p === work('b-put-redirect/0/labels.nii.gz')) {
          res.writeHead(307, { location: work('b-put-target/0/labels.nii.gz') }).end();
          return;
        }
        puts.set(p, Buffer.concat(body));
        // A 200 whose body never ends: the worker must not read a PUT's reply.
        res.writeHead(200, { 'content-type': 'application/xml' });
        pump(res, endless);
        return;
      }
      switch (p) {
        case work('b-redirect/0/volume.nii.gz'):
          // Same origin, same bucket, a work key that serves a valid volume: following it would succeed.
          res.writeHead(302, { location: `${work('b-redirect-target/0/volume.nii.gz')}?${SIG}` }).end();
          return;
        case work('b-endless/0/volume.nii.gz'):
          res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked, no length
          pump(res, endless);
          return;
        case work('b-declared/0/volume.nii.gz'):
          res.writeHead(200, { 'content-length': String(2 * MAX_BYTES + 1) });
          res.end(Buffer.alloc(2 * MAX_BYTES + 1));
          return;
        case work('b-stall/0/volume.nii.gz'):
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.write(volume.subarray(0, 64)); // then nothing, ever
          return;
        case work('b-redirect-target/0/volume.nii.gz'):
        case work('b-put-redirect/0/volume.nii.gz'):
        case work('b-ok/0/volume.nii.gz'):
          res.writeHead(200, { 'content-length': String(volume.length) }).end(volume);
          return;
        default:
          res.writeHead(404).end();
      }
    });
  };

  const server: Server = createServer(handler);
  server.on('connection', () => connections++);
  server.on('clientError', (_e, socket) => {
    clientErrors++;
    socket.destroy();
  });
  return {
    server,
    requests,
    puts,
    endless,
    connections: () => connections,
    clientErrors: () => clientErrors,
    async listen(): Promise<number> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return (server.address() as AddressInfo).port;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Writes zeros with backpressure until ENDLESS_BYTES or until the client hangs up. */
function pump(res: ServerResponse, stats: { started: number; finished: number; closedEarly: number }): void {
  stats.started++;
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
    if (sent < ENDLESS_BYTES) stats.closedEarly++;
  });
  const more = () => {
    while (!closed && sent < ENDLESS_BYTES) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!closed) {
      stats.finished++;
      res.end();
    }
  };
  more();
}

/** The worker's whole stdout and stderr, unparsed. */
function rawOutput(w: WorkerProcess): () => string {
  let out = '';
  w.child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  w.child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  return () => out;
}

const FINAL = ['completed', 'failed'];
const codeOf = (j: JobInfo | undefined) => /^([a-z-]+\/[a-z0-9-]+):/.exec(j?.failedReason ?? '')?.[1];

describeIfPeer('standalone worker: job locators from Redis (issue 13, measurement 7)', testRedisUrl(), () => {
  const run = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefixA = `e2e-locA-${run}`;
  const prefixB = `e2e-locB-${run}`;
  let tmp: string | undefined;
  let objects: string;
  const volume = volumeNifti();
  const attacker = attackerServer(volume);
  let port: number;
  let s3: TestS3;
  let store: S3ObjectStore;
  let workerA: WorkerProcess;
  let workerB: WorkerProcess;
  let outA: () => string;
  let outB: () => string;
  let queueA: BullMqJobQueue;
  let queueB: BullMqJobQueue;
  const rawQueues: Queue[] = [];
  const redis: IORedis[] = [];

  const att = (p: string) => `http://127.0.0.1:${port}/${BUCKET}/work/${p}`;
  const payload = (seriesId: string, input: string, output: string): SegmentSeriesPayload => ({
    seriesId,
    generation: '0',
    modelId: 'ct-body',
    correlationId: `c-${seriesId}`,
    input,
    output,
  });
  const add = (q: BullMqJobQueue, seriesId: string, input: string, output: string, attempts = 1) =>
    q.add('segment-series', payload(seriesId, input, output), {
      jobId: segmentSeriesJobId(seriesId),
      attempts,
      backoffMs: 100,
      timeoutMs: 30_000,
    });
  /** BullMQ itself, on a prefix, as a forger (or an operator) holding the Redis password uses it. */
  const rawQueue = (prefix: string): Queue => {
    const connection = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
    redis.push(connection);
    const q = new Queue('segment-series', { connection, prefix });
    rawQueues.push(q);
    return q;
  };
  /** What a forger writes: the queue class's envelope, without its validation. */
  const addRaw = async (prefix: string, seriesId: string, input: string, output: string) => {
    await rawQueue(prefix).add(
      'segment-series',
      { payload: payload(seriesId, input, output), timeoutMs: 30_000 },
      { jobId: segmentSeriesJobId(seriesId), attempts: 1, removeOnFail: false },
    );
  };
  const settle = async (q: BullMqJobQueue, seriesIds: string[]): Promise<Record<string, JobInfo | undefined>> => {
    const read = async () =>
      Object.fromEntries(
        await Promise.all(seriesIds.map(async (s) => [s, await q.getJob(segmentSeriesJobId(s))] as const)),
      );
    await waitFor(read, (all) => Object.values(all).every((j) => FINAL.includes(j?.state ?? '')), 40_000);
    // Read once more: getJob reads a job's fields and then its state, so a job that completed in
    // between shows 'completed' with the return value it had before (none). Final states are stable.
    return read();
  };
  const alive = (w: WorkerProcess) => w.child.exitCode === null && w.child.signalCode === null;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-locators-'));
    objects = path.join(tmp, 'objects');
    const models = path.join(tmp, 'models'); // empty: the built-in ct-body is always there
    mkdirSync(models);
    mkdirSync(objects);
    // Where fs: keys would land if the worker resolved `.`/`..` instead of refusing them: valid
    // volumes, so a read that should not have happened would end in a completed job.
    for (const dir of ['work/fs-ok/0', 'work/0', '0', '../outside/0']) {
      mkdirSync(path.join(objects, dir), { recursive: true });
      writeFileSync(path.join(objects, dir, 'volume.nii.gz'), volume);
    }
    port = await attacker.listen();
    s3 = await startS3rver();
    store = new S3ObjectStore({
      endpoint: s3.endpoint,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    await store.init();
    await store.put('work/s3-ok/0/volume.nii.gz', volume);
    await store.put('work/a-put-foreign/0/volume.nii.gz', volume);
    const common = {
      REDIS_URL: testRedisUrl(),
      MODELS_DIR: models,
      S3_BUCKET: BUCKET,
      S3_FORCE_PATH_STYLE: 'true',
      ONNX_PROVIDERS: 'cpu',
    };
    workerA = spawnWorker({ ...common, QUEUE_PREFIX: prefixA, S3_ENDPOINT: s3.endpoint, OBJECTS_DIR: objects });
    workerB = spawnWorker({
      ...common,
      QUEUE_PREFIX: prefixB,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      WORKER_MAX_OBJECT_BYTES: String(MAX_BYTES),
      WORKER_STORE_TIMEOUT_SECONDS: '3',
    });
    outA = rawOutput(workerA);
    outB = rawOutput(workerB);
    queueA = new BullMqJobQueue(testRedisUrl(), prefixA);
    queueB = new BullMqJobQueue(testRedisUrl(), prefixB);
    for (const w of [workerA, workerB])
      await waitFor(
        async () => w.events(),
        (e) => e.includes('worker-started') || !alive(w),
        30_000,
      );
  }, 60_000);

  afterAll(async () => {
    for (const w of [workerA, workerB]) {
      if (w && alive(w)) w.child.kill('SIGKILL');
      await w?.exited;
    }
    await Promise.all(rawQueues.map((q) => q.close()));
    for (const r of redis) r.disconnect();
    await queueA?.close();
    await queueB?.close();
    await store?.close();
    await attacker.close();
    await s3?.dispose();
    await deleteRedisPrefix(prefixA);
    await deleteRedisPrefix(prefixB);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('starts both workers, each naming the one origin its URLs may have', () => {
    const started = (w: WorkerProcess) => w.lines().find((l) => l.event === 'worker-started');
    expect(started(workerA)).toMatchObject({ models: ['ct-body'], objectStore: s3.endpoint });
    expect(started(workerB)).toMatchObject({ models: ['ct-body'], objectStore: `http://127.0.0.1:${port}` });
  });

  it('refuses foreign URLs and fs: keys that leave work/ before anything is fetched or read', async () => {
    // The queue class refuses a `..` key itself; a forger writes it with BullMQ directly.
    await expect(
      add(queueA, 'c-dotdot', 'fs:work/../0/volume.nii.gz', 'fs:work/c-dotdot/0/labels.nii.gz'),
    ).rejects.toMatchObject({ code: 'jobs/invalid-payload' });

    // Worker A (store: s3rver on 127.0.0.1, another port than the attacker's).
    await add(queueA, 'a-foreign', `${att('a-foreign/0/volume.nii.gz')}?${SIG}`, att('a-foreign/0/labels.nii.gz'));
    const putForeign = await store.presignGet('work/a-put-foreign/0/volume.nii.gz', 600);
    await add(queueA, 'a-put-foreign', putForeign.href, `${att('a-put-foreign/0/labels.nii.gz')}?${SIG}`);
    await add(queueA, 'c-dot', 'fs:work/./0/volume.nii.gz', 'fs:work/c-dot/0/labels.nii.gz');
    await add(queueA, 'c-hidden', 'fs:work/.hidden/0/volume.nii.gz', 'fs:work/c-hidden/0/labels.nii.gz');
    await add(queueA, 'c-out-dot', 'fs:work/fs-ok/0/volume.nii.gz', 'fs:work/./0/labels.nii.gz');
    await addRaw(prefixA, 'c-dotdot', 'fs:work/../0/volume.nii.gz', 'fs:work/c-dotdot/0/labels.nii.gz');
    await addRaw(prefixA, 'c-escape', 'fs:work/../../outside/0/volume.nii.gz', 'fs:work/c-escape/0/labels.nii.gz');
    // Controls, queued after the hostile jobs: the same routes with legitimate locators.
    await addRaw(prefixA, 'fs-raw-ok', 'fs:work/fs-ok/0/volume.nii.gz', 'fs:work/fs-raw-ok/0/labels.nii.gz');
    await add(queueA, 'fs-ok', 'fs:work/fs-ok/0/volume.nii.gz', 'fs:work/fs-ok/0/labels.nii.gz');
    const s3In = await store.presignGet('work/s3-ok/0/volume.nii.gz', 600);
    const s3Out = await store.presignPut('work/s3-ok/0/labels.nii.gz', 600);
    await add(queueA, 's3-ok', s3In.href, s3Out.href);

    // Worker B (store: the attacker server): right origin, but not a work key of its bucket.
    const base = `127.0.0.1:${port}`;
    const refusedB: Record<string, string> = {
      'p-bucket': `http://${base}/other-bucket/work/p-bucket/0/volume.nii.gz?${SIG}`,
      'p-userinfo': `http://user:pw@${base}/${BUCKET}/work/p-userinfo/0/volume.nii.gz?${SIG}`,
      'p-hostname': `http://localhost:${port}/${BUCKET}/work/p-hostname/0/volume.nii.gz?${SIG}`,
      'p-scheme': `https://${base}/${BUCKET}/work/p-scheme/0/volume.nii.gz?${SIG}`,
      'p-key': `http://${base}/${BUCKET}/secrets/p-key/0/volume.nii.gz?${SIG}`,
      'p-dotdot': `http://${base}/${BUCKET}/work/../../etc/passwd?${SIG}`,
      'p-encoded': `http://${base}/${BUCKET}/work/%2e%2e/%2e%2e/secrets/0/volume.nii.gz?${SIG}`,
      'p-fragment': `http://${base}/${BUCKET}/work/p-fragment/0/volume.nii.gz?${SIG}#x`,
      'p-fs': 'fs:work/p-fs/0/volume.nii.gz',
    };
    for (const [id, input] of Object.entries(refusedB)) await add(queueB, id, input, att(`${id}/0/labels.nii.gz`));

    const a = await settle(queueA, [
      'a-foreign',
      'a-put-foreign',
      'c-dot',
      'c-hidden',
      'c-out-dot',
      'c-dotdot',
      'c-escape',
      'fs-raw-ok',
      'fs-ok',
      's3-ok',
    ]);
    const b = await settle(queueB, Object.keys(refusedB));

    for (const id of ['a-foreign', 'a-put-foreign', 'c-dot', 'c-hidden', 'c-out-dot'])
      expect([id, a[id]?.state, codeOf(a[id]), a[id]?.attemptsMade]).toEqual([
        id,
        'failed',
        'worker/locator-refused',
        1,
      ]);
    // A `..` never reaches the locator policy: the payload check refuses it on the worker too.
    for (const id of ['c-dotdot', 'c-escape'])
      expect([id, a[id]?.state, codeOf(a[id])]).toEqual([id, 'failed', 'jobs/invalid-payload']);
    expect(a['a-foreign']?.failedReason).toContain(`host 127.0.0.1:${port}`);
    expect(
      Object.fromEntries(Object.entries(b).map(([id, j]) => [id, [j?.state, codeOf(j), j?.attemptsMade]])),
    ).toEqual({
      ...Object.fromEntries(Object.keys(refusedB).map((id) => [id, ['failed', 'worker/locator-refused', 1]])),
      // No OBJECTS_DIR on worker B: a well-formed fs: key is unsupported there, not refused.
      'p-fs': ['failed', 'worker/locator-unsupported', 1],
    });

    // The controls completed on the same worker, after the hostile jobs: it fetches from its own store.
    for (const id of ['fs-raw-ok', 'fs-ok', 's3-ok']) expect([id, a[id]?.state]).toEqual([id, 'completed']);
    expect(a['s3-ok']?.result).toMatchObject({ modelId: 'ct-body', dims: [24, 24, 6] });
    expect(decodeNifti(await store.get('work/s3-ok/0/labels.nii.gz')).dims).toEqual([24, 24, 6]);
    expect(existsSync(path.join(objects, 'work/fs-ok/0/labels.nii.gz'))).toBe(true);
    // Nothing was written where a resolved `.`/`..` key would have put it.
    expect(readdirSync(path.join(objects, 'work/0'))).toEqual(['volume.nii.gz']);
    for (const id of ['c-dot', 'c-hidden', 'c-dotdot', 'c-escape'])
      expect(existsSync(path.join(objects, `work/${id}`))).toBe(false);

    // Not one connection reached the attacker, not even a TLS hello.
    expect({
      connections: attacker.connections(),
      clientErrors: attacker.clientErrors(),
      requests: attacker.requests,
    }).toEqual({ connections: 0, clientErrors: 0, requests: [] });
    expect([alive(workerA), alive(workerB)]).toEqual([true, true]);
  }, 60_000);

  it('on its own store: follows no redirect, cuts replies at WORKER_MAX_OBJECT_BYTES, bounds a stalled reply, never reads a PUT reply', async () => {
    await add(
      queueB,
      'b-redirect',
      `${att('b-redirect/0/volume.nii.gz')}?${SIG}`,
      att('b-redirect/0/labels.nii.gz'),
      2,
    );
    await add(queueB, 'b-endless', `${att('b-endless/0/volume.nii.gz')}?${SIG}`, att('b-endless/0/labels.nii.gz'));
    await add(queueB, 'b-declared', `${att('b-declared/0/volume.nii.gz')}?${SIG}`, att('b-declared/0/labels.nii.gz'));
    await add(queueB, 'b-stall', `${att('b-stall/0/volume.nii.gz')}?${SIG}`, att('b-stall/0/labels.nii.gz'));
    await add(
      queueB,
      'b-put-redirect',
      `${att('b-put-redirect/0/volume.nii.gz')}?${SIG}`,
      `${att('b-put-redirect/0/labels.nii.gz')}?${SIG}`,
    );
    // Control, last: a legitimate GET and a PUT whose 200 reply body never ends.
    await add(queueB, 'b-ok', `${att('b-ok/0/volume.nii.gz')}?${SIG}`, `${att('b-ok/0/labels.nii.gz')}?${SIG}`);
    const ids = ['b-redirect', 'b-endless', 'b-declared', 'b-stall', 'b-put-redirect', 'b-ok'];
    const b = await settle(queueB, ids);

    expect(Object.fromEntries(ids.map((id) => [id, [b[id]?.state, codeOf(b[id]), b[id]?.attemptsMade]]))).toEqual({
      'b-redirect': ['failed', 'worker/redirect-refused', 2], // transient: retried, and refused again
      'b-endless': ['failed', 'worker/object-too-large', 1],
      'b-declared': ['failed', 'worker/object-too-large', 1],
      'b-stall': ['failed', 'worker/input-unavailable', 1],
      'b-put-redirect': ['failed', 'worker/redirect-refused', 1],
      'b-ok': ['completed', undefined, 1],
    });
    expect(b['b-declared']?.failedReason).toContain(`declares ${2 * MAX_BYTES + 1} bytes`);
    expect(b['b-endless']?.failedReason).toContain(`sent more than ${MAX_BYTES} bytes`);
    expect(b['b-stall']?.failedReason).toContain('TimeoutError');
    expect(b['b-ok']?.result).toMatchObject({ modelId: 'ct-body', dims: [24, 24, 6] });

    const seen = attacker.requests.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`);
    const w = (p: string) => `/${BUCKET}/work/${p}`;
    // (The retry of b-redirect may run between the others: compare as a sorted list.)
    expect([...seen].sort()).toEqual(
      [
        `GET ${w('b-redirect/0/volume.nii.gz')}`,
        `GET ${w('b-redirect/0/volume.nii.gz')}`, // the retry, after its backoff
        `GET ${w('b-endless/0/volume.nii.gz')}`,
        `GET ${w('b-declared/0/volume.nii.gz')}`,
        `GET ${w('b-stall/0/volume.nii.gz')}`,
        `GET ${w('b-put-redirect/0/volume.nii.gz')}`,
        `PUT ${w('b-put-redirect/0/labels.nii.gz')}`,
        `GET ${w('b-ok/0/volume.nii.gz')}`,
        `PUT ${w('b-ok/0/labels.nii.gz')}`,
      ].sort(),
    );
    // The redirect targets were never requested, with either method.
    expect(seen.filter((s) => s.includes('target'))).toEqual([]);
    // Every request went to the host the locator named, with the query it carried.
    expect(attacker.requests.every((r) => r.host === `127.0.0.1:${port}` && r.url.includes(SIG))).toBe(true);
    // The endless GET and the endless PUT reply were both hung up on before their end.
    const endless = await waitFor(
      async () => ({ ...attacker.endless }),
      (e) => e.closedEarly + e.finished >= 2,
      10_000,
    );
    expect(endless).toEqual({ started: 2, finished: 0, closedEarly: 2 });
    expect(decodeNifti(attacker.puts.get(w('b-ok/0/labels.nii.gz'))!).dims).toEqual([24, 24, 6]);
    expect([alive(workerA), alive(workerB)]).toEqual([true, true]);
  }, 60_000);

  it('never logs or stores a URL query: the fake signature appears in no worker output or failure reason', async () => {
    const failed = [...(await queueA.listFailed('segment-series')), ...(await queueB.listFailed('segment-series'))];
    expect(failed.length).toBeGreaterThanOrEqual(20);
    expect(failed.filter((j) => (j.failedReason ?? '').includes(SECRET))).toEqual([]);
    // BullMQ also keeps each attempt's stack trace in the job hash.
    const traces = (await Promise.all([prefixA, prefixB].map((p) => rawQueue(p).getFailed(0, 999)))).flatMap((jobs) =>
      jobs.flatMap((j) => (j.stacktrace ?? []).map((t) => String(t))),
    );
    expect(traces.length).toBeGreaterThanOrEqual(failed.length);
    expect(traces.filter((t) => t.includes(SECRET) || t.includes('X-Amz-'))).toEqual([]);
    // The worker did hold the secret: the attacker received it in the query of legitimate-looking URLs.
    expect(attacker.requests.some((r) => r.url.includes(SECRET))).toBe(true);
    expect(outB()).toContain('segment-failed');
    for (const out of [outA(), outB()]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain('X-Amz-Signature');
    }
    // Each failure was logged with its code and nothing else of the locator.
    const codes = workerB.lines().filter((l) => l.event === 'segment-failed');
    expect(new Set(codes.map((l) => l.code))).toEqual(
      new Set([
        'worker/locator-refused',
        'worker/locator-unsupported',
        'worker/redirect-refused',
        'worker/object-too-large',
        'worker/input-unavailable',
      ]),
    );
  });

  it('is still alive after all of it, and stops cleanly on SIGTERM', async () => {
    for (const w of [workerA, workerB]) {
      expect(alive(w)).toBe(true);
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
    }
  }, 30_000);
});
