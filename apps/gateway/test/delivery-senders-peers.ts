/**
 * Peers for the delivery-sender interop tests: dcmtk storescp on a free port (TCP_NODELAY=1, see
 * shared/TESTBED.md "Nagle"), plain node HTTP/TCP servers for crafted answers, SEG fixtures built
 * with @delineo/seg, and a dataset comparison that ignores how elements were encoded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePart10, type Dataset } from '@delineo/dicom';
import { encodeSeg } from '@delineo/seg';
import { ellipsoids, labelsFor, syntheticSource } from '../../../libs/seg/src/testing/fixtures';
import { REQUIRE_PEERS } from '../../../test-support/require-peer';
import { freePort } from '../../../test-support/ports';

/** Read-only reference data next to the repo; never copied in. */
export const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data');

/** `describe` when every tool (on PATH, or an absolute path) exists; a skip locally, a failure under DELINEO_REQUIRE_PEERS=1. */
export function describeWithPeers(name: string, tools: string[], fn: () => void): void {
  const missing = tools.filter((t) =>
    path.isAbsolute(t) ? !existsSync(t) : spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
  );
  if (missing.length === 0) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (missing ${missing.join(', ')})`, fn);
  describe(name, () => {
    it('has its tools installed (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`missing: ${missing.join(', ')}`);
    });
  });
}

/** A SEG of a small synthetic CT: BINARY (Segmentation Storage) or LABELMAP (Label Map Segmentation Storage). */
export async function segFixture(segmentationType: 'BINARY' | 'LABELMAP' = 'BINARY'): Promise<Buffer> {
  const src = await syntheticSource(4, 16, 20);
  const labelMap = ellipsoids(src.geometry.dims, [
    { label: 1, centre: [6, 6, 1], radii: [4, 3, 1.5] },
    { label: 2, centre: [14, 9, 2], radii: [3, 4, 1] },
  ]);
  const seg = encodeSeg({
    geometry: src.geometry,
    labelMap,
    labels: labelsFor([1, 2]),
    sourceHeaders: src.headers,
    algorithm: { name: 'test-model', version: '1.0.0' },
    options: { segmentationType },
  });
  return seg.part10;
}

export { freePort };

export interface Storescp {
  port: number;
  aet: string;
  /** Where it writes what it receives. */
  dir: string;
  /** Received files, full paths. */
  files(): string[];
  stop(): Promise<void>;
}

/** storescp (options, then port: TESTBED.md) writing into a temp dir; ready once its port accepts. */
export async function startStorescp(options: string[] = [], aet = 'STORESCP'): Promise<Storescp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-storescp-'));
  const port = await freePort();
  const child: ChildProcess = spawn('storescp', ['-aet', aet, '-od', dir, ...options, String(port)], {
    env: { ...process.env, TCP_NODELAY: '1' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await accepts(port)); i++) {
    if (i > 100 || child.exitCode !== null) {
      await stop();
      throw new Error(`storescp did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, aet, dir, files: () => readdirSync(dir).map((f) => path.join(dir, f)), stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpPeer {
  base: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** An HTTP server on loopback that records each request and answers with `respond`. */
export async function startHttpPeer(respond: (req: Recorded, res: http.ServerResponse) => void): Promise<HttpPeer> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(r);
      respond(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A TCP server that accepts and never says a word: a hung peer. */
export async function startSilentPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => (sockets.add(s), s.on('error', () => undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

/**
 * Tags whose values differ between two Part 10 files' datasets, recursing into sequences. VRs and
 * length encodings are ignored (they change between Implicit and Explicit VR), values are not.
 */
export function datasetDifferences(a: Buffer, b: Buffer): string[] {
  return diff(parsePart10(a).dataset, parsePart10(b).dataset, '');
}

function diff(a: Dataset, b: Dataset, at: string): string[] {
  const out: string[] = [];
  const tags = new Set([...a.tags(), ...b.tags()].filter((t) => (t & 0xffff) !== 0)); // group lengths are retired
  for (const tag of tags) {
    const name = `${at}${tag.toString(16).padStart(8, '0')}`;
    const x = a.get(tag);
    const y = b.get(tag);
    if (!x || !y) out.push(name);
    else if (x.items || y.items) {
      if ((x.items?.length ?? -1) !== (y.items?.length ?? -1)) out.push(name);
      else x.items!.forEach((item, i) => out.push(...diff(item, y.items![i], `${name}[${i}].`)));
    } else if (!(x.value ?? Buffer.alloc(0)).equals(y.value ?? Buffer.alloc(0))) out.push(name);
  }
  return out;
}

export const readFile = (file: string): Buffer => readFileSync(file);
