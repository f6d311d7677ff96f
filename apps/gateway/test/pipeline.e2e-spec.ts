/**
 * Issue 4 acceptance on the production backends: PostgreSQL, Redis (BullMQ) and S3 (s3rver), with
 * the worker as its OWN process that has no database settings. ct-body on a real CT reports its
 * Dice; kill -9 of the worker mid-job ends in a retry that completes; FLUSHALL during a run of
 * three series still ends with all three segmented (the reconciler re-dispatches lost jobs).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { loadConfig } from '@delineo/config';
import { coverage, dice } from '@delineo/models';
import { createObjectStore } from '@delineo/storage';
import { decodeNifti, readNiftiFile, reorient } from '@delineo/volume';
import {
  backendEnv,
  createTestDatabase,
  deleteRedisPrefix,
  startS3rver,
  testRedisUrl,
  type TestDatabase,
  type TestS3,
} from './backends';
import { describeWithTools, randomSecrets, startTestGateway, storescu, type TestGateway } from './harness';
import { modelsDir, repairedTotalSegmentatorCt, syntheticCtDir, TS_DIR } from './pipeline-fixtures';
import { waitFor } from './wait';
import { spawnWorker, type WorkerProcess } from './worker-process';

type Status = {
  id: string;
  state: string;
  attempts: number;
  errorCode: string | null;
  segmentation?: unknown;
  volumes: { name: string; voxels: number; volumeMl: number }[];
  model: { id: string; engine?: string };
};
const BONE = /^(vertebrae_|rib_|sacrum$|hip_|femur_|humerus_|scapula_|clavicula_|sternum$|skull$)/;

describeWithTools(
  'segmentation pipeline: gateway + standalone worker on PostgreSQL, Redis and S3',
  ['storescu'],
  () => {
    let db: TestDatabase;
    let s3: TestS3;
    let gw: TestGateway;
    let models: string;
    const workers: WorkerProcess[] = [];
    const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-pipeline-'));
    const prefix = `e2e-pipeline-${process.pid}`;
    let env: Record<string, string>;

    const worker = () => {
      const w = spawnWorker({
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        // The store the gateway pre-signs for, without credentials: the worker fetches nothing else.
        S3_ENDPOINT: env.S3_ENDPOINT,
        S3_BUCKET: env.S3_BUCKET,
        S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE,
        MODELS_DIR: models,
        WORKER_LOCK_SECONDS: '3',
        WORKER_STALLED_CHECK_SECONDS: '2',
        ONNX_PROVIDERS: 'cpu',
      });
      workers.push(w);
      return w;
    };
    const list = async (): Promise<Status[]> =>
      ((await (await gw.fetch(`/api/v1/series?limit=100`)).json()) as { items: Status[] }).items;
    const byState = (items: Status[], state: string) => items.filter((s) => s.state === state);
    /** n series, none of them still on its way (received … running). */
    const settled = (n: number) => (l: Status[]) =>
      l.length === n && l.every((s) => s.state === 'segmented' || s.state === 'failed');

    beforeAll(async () => {
      db = await createTestDatabase();
      s3 = await startS3rver();
      models = modelsDir(4);
      env = {
        ...randomSecrets(),
        ...backendEnv(db, s3, prefix),
        MODELS_DIR: models,
        WORKER_IN_PROCESS: 'false',
        RECONCILE_INTERVAL_SECONDS: '1',
        RECONCILE_STALL_SECONDS: '2',
        SEGMENT_BACKOFF_SECONDS: '1',
      };
      gw = await startTestGateway({
        env,
        settings: {
          dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }, { aeTitle: 'FAIL-SCU' }] },
          series: { quietPeriodSeconds: 3600 },
          routing: [
            { name: 'failing', match: { callingAeTitle: 'FAIL-SCU' }, model: 'failing-cli' },
            { name: 'real-ct', match: { seriesDescription: '^CT Body' }, model: 'ct-body' },
            { name: 'synthetic', match: { modality: 'CT' }, model: 'slow-threshold' },
          ],
        },
      });
      const w = worker();
      await waitFor(
        async () => w.events(),
        (e) => e.includes('worker-started'),
        20_000,
      );
    }, 60_000);

    afterAll(async () => {
      for (const w of workers) w.child.kill('SIGKILL');
      await gw?.close();
      await s3?.dispose();
      await db?.drop();
      await deleteRedisPrefix(prefix);
      rmSync(tmp, { recursive: true, force: true });
      rmSync(models, { recursive: true, force: true });
    });

    it('starts the worker with Redis, model and S3 location settings only, and it never reads a database setting or S3 key', async () => {
      const w = workers[0];
      expect(w.lines().find((l) => l.event === 'worker-started')).toMatchObject({
        models: ['ct-body', 'failing-cli', 'slow-threshold'],
        objectStore: env.S3_ENDPOINT,
      });
      expect(Object.keys(w.env).sort()).toEqual([
        'HOME',
        'MODELS_DIR',
        'ONNX_PROVIDERS',
        'PATH',
        'QUEUE_PREFIX',
        'REDIS_URL',
        'S3_BUCKET',
        'S3_ENDPOINT',
        'S3_FORCE_PATH_STYLE',
        'WORKER_LOCK_SECONDS',
        'WORKER_STALLED_CHECK_SECONDS',
      ]);
      expect(w.events()).not.toContain('setting-ignored');
    });

    it('segments a real CT routed to ct-body and reports its Dice against TotalSegmentator', async () => {
      // The files are JPEG 2000 lossless: storescu must propose that syntax (-xv), it cannot transcode it.
      expect((await storescu(gw, [repairedTotalSegmentatorCt(tmp)], ['-xv', '+sd', '+sp', '*'])).code).toBe(0);
      const items = await waitFor(list, settled(1), 120_000);
      const s = items[0];
      expect(s).toMatchObject({ state: 'segmented', model: { id: 'ct-body', engine: 'builtin' }, errorCode: null });
      expect(s.volumes.map((v) => v.name)).toEqual(['Body', 'Left lung', 'Right lung', 'Bone']);
      const detail = (await (await gw.fetch(`/api/v1/series/${s.id}`)).json()) as Status & {
        timings: { stagesMs: Record<string, unknown> };
        segmentation: undefined;
      };
      expect(detail.timings.stagesMs).toMatchObject({
        prepare: expect.any(Number),
        worker: { inferenceMs: expect.any(Number), totalMs: expect.any(Number) },
      });

      const store = createObjectStore(loadConfig({ ...env, DATA_DIR: gw.dataDir }));
      const labels = reorient({ ...decodeNifti(await store.get(`work/${s.id}/0/labels.nii.gz`)), sources: [] }, 'LPS');
      const ref = reorient(readNiftiFile(path.join(TS_DIR, 'example_seg_dicom.nii.gz')), 'LPS');
      expect(labels.dims).toEqual(ref.dims);
      const classes = JSON.parse(readFileSync(path.join(TS_DIR, 'class_map_total.json'), 'utf8')) as Record<
        string,
        string
      >;
      const boneIds = new Set(
        Object.entries(classes)
          .filter(([, n]) => BONE.test(n))
          .map(([id]) => Number(id)),
      );
      const ours = Uint8Array.from(labels.data);
      const d = dice(
        Uint8Array.from(ours, (l) => (l === 4 ? 1 : 0)),
        Uint8Array.from(ref.data, (x) => (boneIds.has(x) ? 1 : 0)),
      );
      const cov = coverage(
        Uint8Array.from(ref.data, (x) => (x > 0 ? 1 : 0)),
        ours,
      );
      console.log(
        `pipeline ct-body on the TotalSegmentator CT: bone Dice ${d.toFixed(4)}, body coverage ${cov.toFixed(4)}`,
      );
      expect(d).toBeGreaterThanOrEqual(0.68);
      expect(cov).toBeGreaterThanOrEqual(0.98);
    }, 180_000);

    it('retries a job whose worker was killed with SIGKILL mid-job, on a new worker, to completion', async () => {
      expect((await storescu(gw, [syntheticCtDir(tmp, 1)], ['+sd', '+sp', '*'])).code).toBe(0);
      await waitFor(list, (l) => byState(l, 'running').length === 1, 60_000);
      const first = workers[0];
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull(); // killed by a signal, no exit code
      worker();
      const items = await waitFor(list, settled(2), 120_000);
      const s = items.find((x) => x.model.id === 'slow-threshold')!;
      expect(s).toMatchObject({ state: 'segmented', errorCode: null });
      expect(s.attempts).toBeGreaterThanOrEqual(2);
    }, 180_000);

    it('loses no work when Redis is flushed (FLUSHALL) during a run of three series', async () => {
      for (const n of [2, 3, 4])
        expect((await storescu(gw, [syntheticCtDir(tmp, n)], ['+sd', '+sp', '*'])).code).toBe(0);
      await waitFor(list, (l) => byState(l, 'running').length === 1, 60_000);
      const redis = new IORedis(testRedisUrl());
      expect(await redis.flushall()).toBe('OK');
      redis.disconnect();
      const items = await waitFor(list, settled(5), 240_000);
      expect(items.map((s) => s.state)).toEqual(['segmented', 'segmented', 'segmented', 'segmented', 'segmented']);
      expect(gw.events()).toContain('job-lost');
    }, 300_000);

    it('retries a failing model with backoff, then fails the series with a code and keeps the job inspectable', async () => {
      expect((await storescu(gw, [syntheticCtDir(tmp, 5)], ['+sd', '+sp', '*'], 'FAIL-SCU')).code).toBe(0);
      const items = await waitFor(list, settled(6), 120_000);
      const failed = items.filter((s) => s.state === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ errorCode: 'models/command-failed', attempts: 3 });
      const jobs = (await (await gw.fetch(`/api/v1/jobs/failed?name=segment-series`)).json()) as Record<
        string,
        unknown
      >[];
      expect(jobs).toEqual([
        expect.objectContaining({
          seriesId: failed[0].id,
          modelId: 'failing-cli',
          attemptsMade: 3,
          failedReason: expect.stringMatching(/^models\/command-failed: /),
        }),
      ]);
      expect(JSON.stringify(jobs)).not.toMatch(/X-Amz|http:/); // locators (pre-signed URLs) are not shown
    }, 180_000);
  },
);
