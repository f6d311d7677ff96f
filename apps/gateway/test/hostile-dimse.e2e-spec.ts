/**
 * Issue 13's DIMSE measurements, each replayed on a live gateway child process (its own memory,
 * read from /proc): a 192 MiB dataset, an item flood, deep nesting, a deflate bomb, a rejected peer
 * that keeps sending, P-DATA before an association, oversized association requests, idle sockets,
 * and many senders at once against a small in-flight budget. Each ends in a clear status or a
 * closed connection; the process stays up, within its memory bound, and keeps serving a normal
 * C-STORE (dcmtk storescu) and QIDO.
 */
import { startGatewayProcess, type GatewayProcess } from '../../../test-support/gateway-process';
import { associateRq, connectRaw, cStoreRqCommand, pdata, pdu, statusOf } from '../../../test-support/dimse-raw';
import { bulky, closeSq, deep, deflateBomb, emptyItems, openSq, uidsFor } from './hostile-bytes';
import { runTool, shared } from './harness';

const MiB = 1024 * 1024;
const SCU = 'E2E-SCU';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const HOSTILE_DIMSE_SETTINGS = {
  dimse: {
    allowedCallers: [{ aeTitle: SCU }],
    maxAssociations: 16,
    maxConnections: 1000,
    maxConnectionsPerAddress: 600, // every test connects from 127.0.0.1; the caps have their own test
    artimSeconds: 3,
    idleSeconds: 5,
    maxDatasetBytes: 32 * MiB,
  },
  limits: {
    inflightBytes: 64 * MiB,
    maxConcurrentIngests: 4,
    parse: { maxElements: 200_000, maxItems: 50_000, maxInflatedBytes: 64 * MiB },
  },
  stow: { maxPartBytes: 32 * MiB },
  series: { quietPeriodSeconds: 3600 },
};

let gp: GatewayProcess;
let idleRss = 0;
/** The bound the gateway computes from these settings and logs at boot (ingest/memory-bound.ts). */
let bound = 0;
beforeAll(async () => {
  gp = await startGatewayProcess({ settings: HOSTILE_DIMSE_SETTINGS });
  await stillServes(); // warm: the first C-STORE loads code that is not attack cost
  idleRss = gp.rss().peak; // the high-water mark of start and warm-up; attacks are measured above it
  bound = Number(gp.lines().find((l) => l.event === 'memory-bound')?.totalMiB) * MiB;
  expect(bound).toBeGreaterThan(0);
});
afterAll(async () => {
  if (gp)
    console.log(`hostile DIMSE: peak RSS ${mib(gp.rss().peak - idleRss)} MiB above idle; bound ${mib(bound)} MiB`);
  await gp?.close();
});
const mib = (n: number) => (n / MiB).toFixed(0);

let sop = 0;
const nextSop = (): string => `1.2.826.0.1.3680043.10.2.${process.pid}.${Date.now()}.${++sop}`;

async function stillServes(): Promise<void> {
  expect(gp.alive()).toBe(true);
  const r = await runTool('storescu', [
    '-aec',
    gp.aeTitle,
    '-aet',
    SCU,
    '127.0.0.1',
    String(gp.dimsePort),
    shared('highdicom/ct_image.dcm'),
  ]);
  expect(r.code).toBe(0);
  const q = await fetch(`${gp.http}/dicomweb/studies`, { headers: { authorization: `Bearer ${gp.token}` } });
  expect(q.status).toBe(200);
  if (idleRss > 0) expect(gp.rss().peak - idleRss).toBeLessThan(bound);
}

/** Associates, sends a C-STORE-RQ, then the dataset in 256 KiB fragments from `chunks`. */
async function cStore(
  sopInstance: string,
  chunks: Iterable<Buffer>,
  ts?: string,
): Promise<{ status?: number; pduType?: number; sent: number }> {
  const c = await connectRaw(gp.dimsePort);
  await c.send(associateRq(SCU, gp.aeTitle, undefined, ts));
  expect((await c.next())?.[0]).toBe(0x02); // A-ASSOCIATE-AC
  await c.send(pdata(1, 0x03, cStoreRqCommand(1, '1.2.840.10008.5.1.4.1.1.2', sopInstance)));
  let sent = 0;
  try {
    for (const chunk of chunks) {
      // Fragments within the negotiated maximum PDU length (262144; PS3.8 §9.3.5)
      for (let off = 0; off < chunk.length; off += 240 * 1024) {
        const piece = chunk.subarray(off, off + 240 * 1024);
        await c.send(pdata(1, 0x00, piece));
        sent += piece.length;
      }
    }
    await c.send(pdata(1, 0x02, Buffer.alloc(0)));
  } catch {
    // the gateway closed the connection: what it sent before closing is read below
  }
  const reply = await c.next(60_000).catch(() => undefined);
  c.socket.destroy();
  return { pduType: reply?.[0], status: reply?.[0] === 0x04 ? statusOf(reply) : undefined, sent };
}

function* fragments(head: Buffer, body: Buffer, totalBytes: number, tail: Buffer = Buffer.alloc(0)): Generator<Buffer> {
  yield head;
  for (let n = head.length; n < totalBytes; n += body.length) yield body;
  yield tail;
}

const events = (name: string) => gp.lines().filter((l) => l.event === name);

/** The child's log reaches us through a pipe, a little after the reply: poll for what must be there. */
async function logged(name: string, pred: (l: Record<string, unknown>) => boolean, atLeast = 1): Promise<number> {
  const deadline = Date.now() + 10_000;
  const count = () => events(name).filter(pred).length;
  while (count() < atLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return count();
}

const is = (k: string, v: unknown) => (l: Record<string, unknown>) => l[k] === v;

describe('hostile input over DIMSE (live gateway process)', () => {
  it('1: a 192 MiB dataset of empty items is aborted at dimse.maxDatasetBytes, not buffered', async () => {
    const sop = nextSop();
    const head = Buffer.concat([uidsFor(sop), openSq()]);
    const r = await cStore(sop, fragments(head, emptyItems(32 * 1024), 192 * MiB));
    expect(r.pduType === 0x07 || r.pduType === undefined).toBe(true); // A-ABORT, or closed
    expect(r.sent).toBeLessThan(64 * MiB);
    expect(await logged('association-aborted', is('reason', 'dataset-too-large'))).toBe(1);
    await stillServes();
  });

  it('1, 3: an item flood under the size cap, and 3,000-deep nesting, answer 0xC000 (never A7xx)', async () => {
    const a = nextSop();
    const flood = await cStore(
      a,
      fragments(Buffer.concat([uidsFor(a), openSq()]), emptyItems(32 * 1024), 24 * MiB, closeSq()),
    );
    expect(flood.status).toBe(0xc000);
    const b = nextSop();
    const nested = await cStore(b, [Buffer.concat([uidsFor(b), deep(3000)])]);
    expect(nested.status).toBe(0xc000);
    expect(await logged('c-store-failed', is('code', 'dicom/too-many-items'))).toBe(1);
    expect(await logged('c-store-failed', is('code', 'dicom/too-deep'))).toBe(1);
    await stillServes();
  });

  it('2: a 1 MB deflate bomb answers 0xC000 (dicom/inflate-limit) without inflating it', async () => {
    const sop = nextSop();
    const bomb = deflateBomb(sop, 512 * MiB);
    expect(bomb.length).toBeLessThan(MiB);
    const r = await cStore(sop, [bomb], DEFLATED);
    expect(r.status).toBe(0xc000);
    expect(await logged('c-store-failed', is('code', 'dicom/inflate-limit'))).toBe(1);
    await stillServes();
  });

  it('4: a rejected peer that keeps sending P-DATA is closed, and what it sends is not kept', async () => {
    const c = await connectRaw(gp.dimsePort);
    await c.send(associateRq('INTRUDER', gp.aeTitle));
    const chunk = pdata(1, 0x00, Buffer.alloc(MiB));
    let sent = 0;
    try {
      while (sent < 768 * MiB) {
        await c.send(chunk);
        sent += chunk.length;
      }
    } catch {
      // closed by the gateway
    }
    await c.closed;
    expect(sent).toBeLessThan(64 * MiB);
    expect(await logged('association-rejected', is('callingAeTitle', 'INTRUDER'))).toBe(1);
    await stillServes();
  });

  it('4: P-DATA before any association is answered with A-ABORT and a close', async () => {
    const c = await connectRaw(gp.dimsePort);
    await c.send(pdata(1, 0x03, cStoreRqCommand(1, '1.2.840.10008.5.1.4.1.1.2', nextSop())));
    expect((await c.next())?.[0]).toBe(0x07);
    await c.closed;
    expect(await logged('association-aborted', is('reason', 'pdata-before-association'))).toBe(1);
  });

  it('5: 500 partial 1 MiB A-ASSOCIATE-RQs are refused at the pre-association cap, before buffering', async () => {
    const head = pdu(0x01, Buffer.alloc(0));
    head.writeUInt32BE(MiB, 2);
    const conns = await Promise.all(Array.from({ length: 500 }, () => connectRaw(gp.dimsePort)));
    await Promise.all(conns.map((c) => c.send(Buffer.concat([head, Buffer.alloc(60 * 1024)])).catch(() => undefined)));
    await Promise.all(conns.map((c) => c.closed));
    expect(conns.every((c) => c.isClosed())).toBe(true);
    expect(await logged('association-aborted', is('reason', 'pdu-too-large'), 500)).toBe(500);
    await stillServes();
  });

  it('5: an idle socket closes on ARTIM, and a silent association is aborted after idleSeconds', async () => {
    const idleSocket = await connectRaw(gp.dimsePort);
    const silent = await connectRaw(gp.dimsePort);
    await silent.send(associateRq(SCU, gp.aeTitle));
    expect((await silent.next())?.[0]).toBe(0x02);
    await idleSocket.closed; // within artimSeconds (3 s); the test would time out otherwise
    expect((await silent.next(15_000))?.[0]).toBe(0x07); // A-ABORT after idleSeconds (5 s)
    await silent.closed;
    expect(await logged('association-aborted', is('reason', 'artim-expired'))).toBeGreaterThanOrEqual(1);
    expect(await logged('association-aborted', is('reason', 'association-idle'))).toBeGreaterThanOrEqual(1);
  });

  it('6: six senders of 20 MiB each against a 64 MiB in-flight budget all complete, reading paused meanwhile', async () => {
    const sops = Array.from({ length: 6 }, nextSop);
    const results = await Promise.all(sops.map((sop) => cStore(sop, [bulky(sop, 20 * MiB)])));
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await logged('dimse-backpressure', () => true)).toBeGreaterThan(0);
    await stillServes();
  });
});
