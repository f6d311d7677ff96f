/**
 * The production backends: PostgreSQL (fresh database, migrated as an explicit step), Redis
 * (BullMQ, unique prefix) and S3 (s3rver in-process). The basic DIMSE ingest and QIDO/WADO work
 * on them, readiness reports each dependency, and losing the object store is visible and safe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import {
  backendEnv,
  createTestDatabase,
  deleteRedisPrefix,
  startS3rver,
  testDatabaseUrl,
  testRedisUrl,
  type TestDatabase,
  type TestS3,
} from './backends';
import { DICOM_MULTIPART, first, getJson, getParts } from './dicomweb-client';
import { waitFor } from './wait';
import {
  cStore,
  describeWithTools,
  randomSecrets,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
} from './harness';

const MR_0004 = shared('dcm_qa_nih/20180918GE/mr_0004');
const MR_0006 = shared('dcm_qa_nih/20180918GE/mr_0006');
const ORIGINAL = parsePart10(readFileSync(path.join(MR_0004, readdirSync(MR_0004).sort()[0]))).dataset;

async function ready(
  gw: TestGateway,
): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const res = await fetch(`${gw.http}/health/ready`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
}

/** s3rver keeps each object as `<bucket>/<key>._S3rver_object` next to its metadata. */
function s3Objects(s3: TestS3): string[] {
  return (readdirSync(s3.dir, { recursive: true }) as string[]).filter((f) => f.endsWith('._S3rver_object'));
}

describeWithTools(
  'PostgreSQL + Redis + S3 backends',
  ['storescu'],
  () => {
    let db: TestDatabase;
    let s3: TestS3;
    let gw: TestGateway;
    const prefix = `e2e-backends-${process.pid}`;
    beforeAll(async () => {
      db = await createTestDatabase();
      s3 = await startS3rver();
      gw = await startTestGateway({ env: { ...randomSecrets(), ...backendEnv(db, s3, prefix) } });
    });
    afterAll(async () => {
      await gw?.close();
      await s3?.dispose();
      await db?.drop();
      await deleteRedisPrefix(prefix);
    });

    const instanceCount = async () => (await getJson(`${gw.http}/dicomweb/instances`)).body.length;

    it('runs on PostgreSQL, S3 and Redis, and is ready with every check ok', async () => {
      expect(gw.logLines().find((l) => l.event === 'infrastructure-ready')).toMatchObject({
        db: 'postgres',
        store: 's3',
        queue: 'redis',
      });
      expect(await ready(gw)).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', store: 'ok', queue: 'ok' } },
      });
    });

    it('ingests a real 150-image MR series over C-STORE into PostgreSQL and S3', async () => {
      expect((await storescu(gw, [MR_0004], ['+sd', '+sp', '*'])).code).toBe(0);
      const studies = (await getJson(`${gw.http}/dicomweb/studies`)).body;
      expect(studies).toHaveLength(1);
      const study = String(first(studies[0], '0020000D'));
      expect(study).toMatch(/^2\.25\./);
      expect(study).not.toBe(ORIGINAL.string(Tag.StudyInstanceUID));
      expect(String(first(studies[0], '00100020'))).toMatch(/^DLN-/);
      const series = (await getJson(`${gw.http}/dicomweb/studies/${study}/series`)).body;
      expect(series.map((s) => Number(first(s, '00201209')))).toEqual([150]);
      expect(s3Objects(s3)).toHaveLength(150);
    });

    it('serves an instance back from S3 over WADO-RS, de-identified', async () => {
      const [inst] = (await getJson(`${gw.http}/dicomweb/instances?limit=1`)).body;
      const { status, parts } = await getParts(String(first(inst, '00081190')), DICOM_MULTIPART);
      expect(status).toBe(200);
      expect(parts).toHaveLength(1);
      const ds = parsePart10(parts[0]).dataset;
      expect(ds.string(Tag.SOPInstanceUID)).toBe(first(inst, '00080018'));
      expect(ds.string(Tag.PatientID)).toMatch(/^DLN-/);
      expect(ds.get(Tag.PixelData)?.value?.length).toBeGreaterThan(0);
    });

    it('reaches state complete for the series', async () => {
      const list = await waitFor(
        async () => (await (await gw.fetch(`/api/v1/series`)).json()) as { items: Array<Record<string, unknown>> },
        (l) => l.items[0]?.state === 'complete',
      );
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ state: 'complete', expectedInstances: 150 });
    });

    it('reports not ready (503, store failed) once the object store is gone, and stores nothing then', async () => {
      await s3.stop();
      const r = await ready(gw);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 'not-ready', checks: { database: 'ok', store: 'failed', queue: 'ok' } });
      const before = await instanceCount();
      const file = path.join(MR_0006, readdirSync(MR_0006).sort()[0]);
      expect(await cStore(gw, file)).toEqual([0xa700]); // Refused: out of resources (transient)
      expect(await instanceCount()).toBe(before);
      expect(gw.logLines().some((l) => l.event === 'c-store-failed' && l.code === 'storage/unavailable')).toBe(true);
    });
  },
  [testDatabaseUrl(), testRedisUrl()],
);
