import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ObjectStore, StorageError, createObjectStore } from './index';
import { Secret } from '@delineo/config';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
// s3rver ships no types; it runs in-process on an ephemeral loopback port.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;

let dir: string;
let server: S3rverInstance;
let endpoint: string;
let store: S3ObjectStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'delineo-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  store = new S3ObjectStore({
    endpoint,
    bucket: 'delineo-test',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  await store.init();
  await store.init(); // idempotent once the bucket exists
});

afterAll(async () => {
  await store?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: StorageError) => e.code,
  );
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
}

describe('S3ObjectStore against s3rver', () => {
  it('puts, gets, heads, lists and deletes', async () => {
    await store.put('studies/s1/a.dcm', Buffer.from('hello'));
    await store.put('studies/s1/b.dcm', [Buffer.from('wor'), Buffer.from('ld')], { contentType: 'application/dicom' });
    await store.put('other/c', Buffer.from('c'));
    expect((await store.get('studies/s1/b.dcm')).toString()).toBe('world');
    expect(await store.head('studies/s1/a.dcm')).toEqual({ size: 5 });
    expect(await store.head('studies/s1/missing')).toBeUndefined();
    expect((await collect(store.list('studies/'))).sort()).toEqual(['studies/s1/a.dcm', 'studies/s1/b.dcm']);
    await store.delete('studies/s1/a.dcm');
    expect(await codeOf(store.get('studies/s1/a.dcm'))).toBe('storage/not-found');
    await store.ping();
  });

  it('rejects invalid keys before any request', async () => {
    expect(await codeOf(store.put('../x', Buffer.from('x')))).toBe('storage/invalid-key');
    expect(await codeOf(store.presignGet('/abs', 60))).toBe('storage/invalid-key');
  });

  it('serves presigned GET and PUT through fetch', async () => {
    const putUrl = await store.presignPut('presigned/obj', 60);
    const res = await fetch(putUrl, { method: 'PUT', body: 'via-presign' });
    expect(res.ok).toBe(true);
    expect((await store.get('presigned/obj')).toString()).toBe('via-presign');
    const getUrl = await store.presignGet('presigned/obj', 60);
    expect(getUrl.host).toBe(new URL(endpoint).host);
    expect(await (await fetch(getUrl)).text()).toBe('via-presign');
  });

  it('maps an unreachable endpoint to storage/unavailable', async () => {
    const dead = new S3ObjectStore({
      endpoint: 'http://127.0.0.1:1',
      bucket: 'nope',
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
    });
    expect(await codeOf(dead.ping())).toBe('storage/unavailable');
    await dead.close();
  });

  it('is what createObjectStore builds in s3 mode', async () => {
    const built = createObjectStore({
      mode: {
        store: {
          kind: 's3',
          endpoint,
          bucket: 'delineo-test',
          region: 'us-east-1',
          accessKeyId: 'S3RVER',
          secretAccessKey: new Secret('S3RVER'),
          forcePathStyle: true,
        },
        db: { kind: 'pglite', dir },
        queue: { kind: 'inprocess' },
      },
    });
    expect(built).toBeInstanceOf(S3ObjectStore);
    await built.ping();
    await (built as S3ObjectStore).close();
  });
});
