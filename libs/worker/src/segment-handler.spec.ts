/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSegmentResult, workKeys, type SegmentSeriesPayload } from '@delineo/jobs';
import { ModelRegistry } from '@delineo/models';
import { createLogger } from '@delineo/observability';
import { InProcessJobQueue } from '@delineo/queue';
import { FsObjectStore } from '@delineo/storage';
import { decodeNifti, encodeNifti, type Mat3, type Volume } from '@delineo/volume';
import { createSegmentHandler } from './segment-handler';
import type { WorkStoreTarget } from './locator-policy';
import { createWorkIo } from './work-io';

/** A 40×40×12 "CT": air around a water cylinder holding a bone rod. */
function phantom(): Volume {
  const dims: [number, number, number] = [40, 40, 12];
  const data = new Float32Array(40 * 40 * 12).fill(-1000);
  for (let z = 0; z < 12; z++)
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++) {
        const r = Math.hypot(x - 20, y - 20);
        if (r < 15) data[x + 40 * (y + 40 * z)] = r < 3 ? 900 : 40;
      }
  return {
    dims,
    spacing: [5, 5, 5],
    origin: [-100, -100, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3,
    data,
    sources: [],
  };
}

describe('segment-series handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'delineo-worker-'));
  const store = new FsObjectStore(dir);
  const log = createLogger({ level: 'silent' });
  let queue: InProcessJobQueue;
  /** The S3 store pre-signed URLs must point into; set by the URL tests once their server listens. */
  let s3: WorkStoreTarget | undefined;
  const payload = (seriesId: string, modelId = 'ct-body'): SegmentSeriesPayload => {
    const k = workKeys(seriesId, 0);
    return {
      seriesId,
      generation: '0',
      modelId,
      correlationId: 'c1',
      input: `fs:${k.volume}`,
      output: `fs:${k.labels}`,
    };
  };

  beforeAll(() => store.init());
  beforeEach(() => {
    queue = new InProcessJobQueue();
    queue.process(
      'segment-series',
      createSegmentHandler({ registry: ModelRegistry.load(), io: createWorkIo({ store, s3 }), log }),
    );
  });
  afterEach(() => queue.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('segments the volume at fs: locators, writes labels on the same grid and returns volumes', async () => {
    await store.put(workKeys('s1', 0).volume, encodeNifti(phantom(), { datatype: 'int16', gzip: true }));
    await queue.add('segment-series', payload('s1'), { jobId: 'j1' });
    await queue.whenIdle();
    const job = await queue.getJob('j1');
    expect(job?.state).toBe('completed');
    const result = validateSegmentResult(job?.result);
    expect(result).toMatchObject({ modelId: 'ct-body', modelVersion: '1.0.0', engine: 'builtin', dims: [40, 40, 12] });
    const labels = decodeNifti(await store.get(workKeys('s1', 0).labels));
    expect(labels.dims).toEqual([40, 40, 12]);
    expect(labels.origin).toEqual([-100, -100, 0]);
    const count = (v: number) => labels.data.filter((x) => x === v).length;
    expect(result.volumes.map((v) => [v.name, v.voxels])).toEqual([
      ['Body', count(1)],
      ['Left lung', count(2)],
      ['Right lung', count(3)],
      ['Bone', count(4)],
    ]);
    expect(count(4)).toBeGreaterThan(0);
    expect(result.volumes[3].volumeMl).toBeCloseTo(count(4) * 0.125, 3);
  });

  it('fails an unknown model at once, without retries, with its code', async () => {
    await queue.add('segment-series', payload('s2', 'no-such-model'), { jobId: 'j2', attempts: 3, backoffMs: 1 });
    await queue.whenIdle();
    expect(await queue.getJob('j2')).toMatchObject({
      state: 'failed',
      attemptsMade: 1,
      failedReason: expect.stringMatching(/^models\/unknown-model:/),
    });
  });

  describe('with pre-signed URLs', () => {
    let server: Server;
    const objects = new Map<string, Buffer>();
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => {
            const path = req.url!.split('?')[0];
            if (req.method === 'PUT') objects.set(path, Buffer.concat(chunks));
            const body = req.method === 'GET' ? objects.get(path) : undefined;
            res.writeHead(req.method === 'GET' && !body ? 403 : 200).end(body);
          });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      s3 = { endpoint: base, bucket: 'b', region: 'us-east-1', forcePathStyle: true };
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('GETs the input and PUTs the labels over HTTP', async () => {
      objects.set('/b/work/s3/0/volume.nii.gz', encodeNifti(phantom(), { datatype: 'int16', gzip: true }));
      const p = {
        ...payload('s3'),
        input: `${base}/b/work/s3/0/volume.nii.gz?X-Amz-Signature=1`,
        output: `${base}/b/work/s3/0/labels.nii.gz?X-Amz-Signature=2`,
      };
      await queue.add('segment-series', p, { jobId: 'j3' });
      await queue.whenIdle();
      expect((await queue.getJob('j3'))?.state).toBe('completed');
      expect(decodeNifti(objects.get('/b/work/s3/0/labels.nii.gz')!).dims).toEqual([40, 40, 12]);
    });

    it('retries when the input URL is refused (expired), keeping the code', async () => {
      const p = {
        ...payload('s4'),
        input: `${base}/b/work/s4/0/volume.nii.gz`,
        output: `${base}/b/work/s4/0/labels.nii.gz`,
      };
      await queue.add('segment-series', p, { jobId: 'j4', attempts: 2, backoffMs: 1 });
      await queue.whenIdle();
      expect(await queue.getJob('j4')).toMatchObject({
        state: 'failed',
        attemptsMade: 2,
        failedReason: expect.stringMatching(/^worker\/input-unavailable: input fetch answered HTTP 403/),
      });
    });

    it('fails at once, without fetching, a job whose URL points at another host', async () => {
      const p = {
        ...payload('s5'),
        input: `http://localhost:${new URL(base).port}/b/work/s5/0/volume.nii.gz?X-Amz-Signature=1`,
        output: `${base}/b/work/s5/0/labels.nii.gz`,
      };
      await queue.add('segment-series', p, { jobId: 'j5', attempts: 3, backoffMs: 1 });
      await queue.whenIdle();
      const job = await queue.getJob('j5');
      expect(job).toMatchObject({
        state: 'failed',
        attemptsMade: 1,
        failedReason: expect.stringMatching(/^worker\/locator-refused: .*host localhost:\d+\)$/),
      });
      expect(job?.failedReason).not.toContain('Signature');
    });
  });
});
