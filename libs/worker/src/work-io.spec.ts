import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '@delineo/storage';
import { createWorkIo, type WorkIo } from './work-io';
import type { WorkIoError } from './work-io-error';

const KEY = 'work/s1/0/volume.nii.gz';
const SIGNED = '?X-Amz-Signature=s3cr3t';
const listen = (s: Server | TcpServer) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));
const close = (s: Server | TcpServer) =>
  new Promise<void>((r) => {
    s.close(() => r());
    if ('closeAllConnections' in s) s.closeAllConnections(); // undici keeps idle sockets for seconds
  });

async function failure(p: Promise<unknown>): Promise<WorkIoError> {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as WorkIoError | undefined;
  if (!e) throw new Error('expected a rejection');
  expect(e.message).not.toMatch(/s3cr3t|Signature|volume\.nii/);
  return e;
}

describe('createWorkIo over HTTP', () => {
  const hits: string[] = [];
  let routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {};
  let server: Server;
  let base = '';
  let io: WorkIo;
  const url = (key: string, name = 'b') => `${base}/${name}/${key}${SIGNED}`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url!.split('?')[0];
      hits.push(`${req.method} ${path}`);
      req.resume().on('end', () => (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res));
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  beforeEach(() => {
    hits.length = 0;
    routes = {};
    io = createWorkIo({
      s3: { endpoint: base, bucket: 'b', region: 'us-east-1', forcePathStyle: true },
      maxObjectBytes: 1024,
      timeoutMs: 2000,
    });
  });
  afterAll(() => close(server));

  it('reads an object within the cap', async () => {
    routes[`/b/${KEY}`] = (_q, r) => r.writeHead(200).end(Buffer.alloc(1024, 7));
    expect(await io.read(url(KEY))).toEqual(Buffer.alloc(1024, 7));
  });

  it('refuses a redirect and never follows it, on GET and on PUT', async () => {
    routes[`/b/${KEY}`] = (_q, r) => r.writeHead(302, { location: `${base}/elsewhere` }).end();
    routes[`/b/work/s1/0/labels.nii.gz`] = (_q, r) => r.writeHead(307, { location: `${base}/elsewhere` }).end();
    expect(await failure(io.read(url(KEY)))).toMatchObject({ code: 'worker/redirect-refused' });
    expect(await failure(io.write(url('work/s1/0/labels.nii.gz'), Buffer.from('labels')))).toMatchObject({
      code: 'worker/redirect-refused',
    });
    expect(hits.filter((h) => h.includes('elsewhere'))).toEqual([]);
  });

  it('refuses a body whose Content-Length is over the cap before reading it', async () => {
    routes[`/b/${KEY}`] = (_q, r) => r.writeHead(200, { 'content-length': 4096 }).end(Buffer.alloc(4096));
    const e = await failure(io.read(url(KEY)));
    expect(e).toMatchObject({ code: 'worker/object-too-large', permanent: true });
    expect(e.message).toContain('declares 4096 bytes');
  });

  it('counts the bytes of a reply without Content-Length and aborts it past the cap', async () => {
    let closed: () => void;
    const aborted = new Promise<void>((r) => (closed = r));
    routes[`/b/${KEY}`] = (_q, r) => {
      r.writeHead(200); // chunked, endless: only the byte count can stop it
      const pump = () => r.write(Buffer.alloc(512)) && setImmediate(pump);
      r.on('drain', pump).on('close', () => closed());
      pump();
    };
    expect(await failure(io.read(url(KEY)))).toMatchObject({ code: 'worker/object-too-large' });
    await aborted;
  });

  it('fails, as a retry, a read that outlives the per-request timeout', async () => {
    routes[`/b/${KEY}`] = () => undefined; // never answers
    const slow = createWorkIo({
      s3: { endpoint: base, bucket: 'b', region: 'us-east-1', forcePathStyle: true },
      timeoutMs: 100,
    });
    const e = await failure(slow.read(url(KEY)));
    expect(e).toMatchObject({ code: 'worker/input-unavailable', permanent: false });
    expect(e.message).toMatch(/TimeoutError/);
  });

  it('uploads without reading the reply body, however long it is', async () => {
    let uploaded = Buffer.alloc(0);
    routes['/b/work/s1/0/labels.nii.gz'] = (_q, r) => {
      r.writeHead(200);
      const pump = () => r.write(Buffer.alloc(64 * 1024)) && setImmediate(pump);
      r.on('drain', pump);
      pump();
    };
    server.prependOnceListener('request', (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => (uploaded = Buffer.concat(chunks)));
    });
    await io.write(url('work/s1/0/labels.nii.gz'), Buffer.from('labels'));
    expect(uploaded.toString()).toBe('labels');
  });

  it('reports an upload the store refuses, with the status and the host only', async () => {
    routes['/b/work/s1/0/labels.nii.gz'] = (_q, r) => r.writeHead(403).end('<Error>SignatureDoesNotMatch</Error>');
    const e = await failure(io.write(url('work/s1/0/labels.nii.gz'), Buffer.from('x')));
    expect(e).toMatchObject({ code: 'worker/output-rejected' });
    expect(e.message).toBe(`output upload answered HTTP 403 (host ${new URL(base).host})`);
  });

  it.each([
    ['a foreign host', () => `http://localhost:${new URL(base).port}/b/${KEY}${SIGNED}`],
    ['another bucket', () => url(KEY, 'other')],
    ['a ../ key', () => `${base}/b/work/s1/%2E%2E/%2E%2E/secret${SIGNED}`],
  ])('refuses %s without sending any request', async (_what, locator) => {
    expect(await failure(io.read(locator()))).toMatchObject({ code: 'worker/locator-refused', permanent: true });
    expect(await failure(io.write(locator(), Buffer.from('x')))).toMatchObject({ code: 'worker/locator-refused' });
    expect(hits).toEqual([]);
  });

  it('accepts no URL at all when the worker has no S3 store', async () => {
    const e = await failure(createWorkIo({}).read(url(KEY)));
    expect(e).toMatchObject({ code: 'worker/locator-refused' });
    expect(hits).toEqual([]);
  });
});

describe('createWorkIo with a lying Content-Length', () => {
  let tcp: TcpServer;
  let reply = '';
  let read: () => Promise<Buffer>;
  beforeAll(async () => {
    // A raw socket: node:http would refuse to send a body that disagrees with its Content-Length.
    tcp = createTcpServer((socket) => socket.on('error', () => undefined).once('data', () => socket.end(reply)));
    const endpoint = `http://127.0.0.1:${await listen(tcp)}`;
    const io = createWorkIo({
      s3: { endpoint, bucket: 'b', region: 'us-east-1', forcePathStyle: true },
      maxObjectBytes: 1024,
    });
    read = () => io.read(`${endpoint}/b/${KEY}${SIGNED}`);
  });
  afterAll(() => close(tcp));

  it('takes no more than the declared length when the body runs on past it', async () => {
    reply = `HTTP/1.1 200 OK\r\nContent-Length: 16\r\nConnection: close\r\n\r\n${'x'.repeat(64 * 1024)}`;
    expect((await read()).length).toBe(16);
  });

  it('fails, as a retry, a body that ends before its declared length', async () => {
    reply = `HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n${'x'.repeat(10)}`;
    expect(await failure(read())).toMatchObject({ code: 'worker/input-unavailable', permanent: false });
  });
});

describe('createWorkIo with a shared object folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'delineo-workio-'));
  const store = new FsObjectStore(dir);
  beforeAll(() => store.init());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an object over the cap by its size, before reading it', async () => {
    await store.put(KEY, Buffer.alloc(2048));
    const io = createWorkIo({ store, maxObjectBytes: 1024 });
    expect(await failure(io.read(`fs:${KEY}`))).toMatchObject({ code: 'worker/object-too-large', permanent: true });
    expect(await createWorkIo({ store }).read(`fs:${KEY}`)).toHaveLength(2048);
  });

  it('refuses a key that climbs out of the folder, reading and writing', async () => {
    const io = createWorkIo({ store });
    for (const locator of ['fs:work/../../etc/passwd', 'fs:/etc/passwd', 'fs:work\\..\\x'])
      expect(await failure(io.read(locator))).toMatchObject({ code: 'worker/locator-refused' });
    expect(await failure(io.write('fs:work/s1/../../x', Buffer.from('x')))).toMatchObject({
      code: 'worker/locator-refused',
    });
  });
});
