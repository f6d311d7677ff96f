/**
 * Hostile HTTP against a live gateway process (issue 13 §3, §4; measurements 1, 2 and 6 for
 * STOW-RS): a 192 MiB part of empty sequence items, a deflate bomb, a request over its size cap,
 * more concurrent STOWs than allowed, a slowloris sender, and forwarded headers from a trusted and
 * an untrusted peer. The gateway runs as a child process so its RSS is its own; each attack asserts
 * a clear status, a bounded peak RSS, and that the gateway goes on serving (a STOW and a QIDO).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { constants, deflateRawSync } from 'node:zlib';
import { Dataset, Tag, TransferSyntax, writePart10, type Vr } from '@delineo/dicom';
import { startGatewayProcess, type GatewayProcess } from '../../../test-support/gateway-process';
import { authorize, first, getJson, items, stow, type Json } from './dicomweb-client';
import { tag, u16, u32, ui } from './hostile-bytes';

const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(0)} MiB`;
// The in-flight budget is as small as the schema allows (one part): see the budget test.
const SETTINGS = {
  limits: { inflightBytes: 32 * MiB },
  dimse: { maxDatasetBytes: 32 * MiB },
  stow: { maxPartBytes: 32 * MiB, maxRequestBytes: 48 * MiB, maxConcurrent: 4, retryAfterSeconds: 7 },
  http: { headersTimeoutSeconds: 2, trustedProxies: ['loopback'] },
};
/** Peak RSS allowed while a hostile request is served, above the RSS measured just before it. */
const RSS_HEADROOM = 256 * MiB;

// --- DICOM bytes ---------------------------------------------------------------------------
const uid = () => `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;
/** Preamble, "DICM" and a meta group naming only the transfer syntax. */
const part10Head = (ts: string) => Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), ui(0x00020010, ts)]);

/** A small instance the gateway stores (a CT image's header, no pixels). */
function validInstance(): Buffer {
  const ds = new Dataset();
  const values: [number, Vr, string][] = [
    [Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2'],
    [Tag.SOPInstanceUID, 'UI', uid()],
    [Tag.StudyInstanceUID, 'UI', uid()],
    [Tag.SeriesInstanceUID, 'UI', uid()],
    [Tag.PatientName, 'PN', 'Hostile^Test'],
    [Tag.PatientID, 'LO', 'HOSTILE-1'],
    [Tag.Modality, 'CS', 'CT'],
  ];
  for (const [t, vr, v] of values) ds.setString(t, vr, v);
  return writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
}

// --- multipart bodies, generated as they are sent ---------------------------------------------
const BOUNDARY = 'hostile-http-boundary';
const STOW_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;
const partHead = (type = 'application/dicom') => Buffer.from(`--${BOUNDARY}\r\nContent-Type: ${type}\r\n\r\n`);
const CLOSE = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** One part: a SOP Class/Instance, then a sequence of `bytes` of empty items (8 bytes each). */
async function* itemFloodBody(bytes: number): AsyncGenerator<Buffer> {
  yield Buffer.concat([
    partHead(),
    part10Head('1.2.840.10008.1.2.1'),
    ui(Tag.SOPClassUID, '1.2.840.10008.5.1.4.1.1.2'),
    ui(Tag.SOPInstanceUID, uid()),
    tag(0x00400275),
    Buffer.from('SQ'),
    u16(0),
    u32(0xffffffff),
  ]);
  const chunk = Buffer.concat(Array.from({ length: MiB / 8 }, () => Buffer.concat([tag(Tag.Item), u32(0)])));
  for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
  yield Buffer.concat([tag(Tag.SequenceDelimitationItem), u32(0), CLOSE]);
}

/** Parts of `partBytes` that are not DICOM, `count` of them. */
async function* junkParts(partBytes: number, count: number): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(MiB, 0x61);
  for (let i = 0; i < count; i++) {
    yield i === 0 ? partHead('application/octet-stream') : Buffer.concat([Buffer.from('\r\n'), partHead('text/plain')]);
    for (let sent = 0; sent < partBytes; sent += MiB) yield chunk;
  }
  yield CLOSE;
}

const wholeBody = (files: Buffer[]) =>
  Buffer.concat([
    ...files.flatMap((f, i) => [i === 0 ? partHead() : Buffer.concat([Buffer.from('\r\n'), partHead()]), f]),
    CLOSE,
  ]);

// --- a raw HTTP/1.1 client: it reads the answer while still sending, as a refusal may come early

interface Exchange {
  /** `length` sends Content-Length; `chunked` Transfer-Encoding: chunked. */
  framing: { length: number } | 'chunked';
  body: AsyncIterable<Buffer> | Iterable<Buffer>;
  headers?: Record<string, string>;
  token?: string;
  /** Counts the body bytes handed to the socket. */
  sent?: { bytes: number };
  /** Send `Expect: 100-continue` and the body only after 100 (Continue), as curl does (RFC 9110 §10.1.1). */
  askFirst?: boolean;
}

/** What happened to a request besides its answer. */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server said 100 (Continue) before its answer. */
  continued: boolean;
}

const CONTINUE = /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/;

function parseReply(data: Buffer, continued: boolean): Reply | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.toString('latin1', 0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const length = Number(headers['content-length'] ?? 0);
  if (data.length < end + 4 + length) return undefined;
  const body = data.toString('utf8', end + 4, end + 4 + length);
  return { status: Number(statusLine.split(' ')[1]), headers, body, continued };
}

function post(gp: GatewayProcess, x: Exchange): Promise<Reply> {
  const { hostname, port } = new URL(gp.http);
  const head = [
    `POST /dicomweb/studies HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    `Authorization: Bearer ${x.token ?? gp.token}`,
    `Content-Type: ${STOW_TYPE}`,
    'Accept: application/dicom+json',
    x.framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${x.framing.length}`,
    ...(x.askFirst ? ['Expect: 100-continue'] : []),
    ...Object.entries(x.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let reply: Reply | undefined;
    let continued = false;
    let done = false;
    let heard: () => void = () => undefined;
    const answered = new Promise<void>((r) => (heard = r));
    const finish = () => {
      if (done) return;
      done = true;
      heard();
      socket.destroy();
      if (reply) resolve(reply);
      else reject(new Error(`connection closed without a complete response (${data.length} bytes)`));
    };
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const interim = CONTINUE.exec(data.toString('latin1', 0, Math.min(data.length, 64)));
      if (interim) {
        data = data.subarray(interim[0].length);
        continued = true;
        heard();
      }
      reply = parseReply(data, continued);
      if (reply) finish();
    });
    socket.on('error', () => undefined); // a refusal may reset the connection while we still send
    socket.on('close', finish);
    const writable = () =>
      new Promise<void>((r) => {
        const go = () => {
          socket.off('drain', go).off('close', go);
          r();
        };
        socket.on('drain', go).on('close', go);
      });
    const send = async () => {
      socket.write(`${head}\r\n\r\n`);
      if (x.askFirst) await answered;
      for await (const c of x.body) {
        if (done || socket.destroyed) break;
        const framed =
          x.framing === 'chunked' ? [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')] : [c];
        if (x.sent) x.sent.bytes += c.length;
        if (!socket.write(Buffer.concat(framed))) await writable();
      }
      if (!done && !socket.destroyed && x.framing === 'chunked') socket.write('0\r\n\r\n');
    };
    socket.on('connect', () => void send());
  });
}

const json = (r: Reply): Json => JSON.parse(r.body) as Json;
const failureReasons = (body: Json) => items(body, '00081198').map((i) => Number(first(i, '00081197')));
const referenced = (body: Json) => items(body, '00081199');

// --- the gateway ---------------------------------------------------------------------------------
let gw: GatewayProcess;
let plain: GatewayProcess;
const figures: string[] = [];

beforeAll(async () => {
  const started = await Promise.allSettled([startGatewayProcess({ settings: SETTINGS }), startGatewayProcess()]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.close()] : [])));
    throw failed.reason;
  }
  [gw, plain] = started.map((s) => (s as PromiseFulfilledResult<GatewayProcess>).value);
  authorize(gw.http, gw.token);
  authorize(plain.http, plain.token);
});
afterAll(async () => {
  authorize(gw?.http ?? 'http://x', undefined);
  await Promise.all([gw?.close(), plain?.close()]);
  if (figures.length > 0) process.stderr.write(`hostile-http RSS figures:\n  ${figures.join('\n  ')}\n`);
});

/** Runs `attack`, then asserts the gateway is up and its peak RSS during it stayed within RSS_HEADROOM. */
async function measured<T>(what: string, attack: () => Promise<T>): Promise<T> {
  const before = gw.rss().now;
  // Resets VmHWM to the current RSS (proc(5), clear_refs "5"), so the peak is this attack's own.
  writeFileSync(`/proc/${gw.child.pid}/clear_refs`, '5');
  const out = await attack();
  const peak = gw.rss().peak;
  figures.push(
    `${what}: RSS before ${mib(before)}, peak ${mib(peak)} (${peak >= before ? '+' : ''}${mib(peak - before)})`,
  );
  expect(gw.alive()).toBe(true);
  expect(peak).toBeLessThan(before + RSS_HEADROOM);
  return out;
}

/** Waits, up to a generous limit, for `ok` to hold (no timing assertion: the caller asserts what it finds). */
async function until(ok: () => boolean, limitMs = 30_000): Promise<void> {
  for (const end = Date.now() + limitMs; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
}

/** Waits, up to a generous limit, until `read()` has not changed for a second. */
async function untilSteady(read: () => number, limitMs = 30_000): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (const end = Date.now() + limitMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (read() !== last) [last, since] = [read(), Date.now()];
    else if (Date.now() - since >= 1000) return;
  }
}

async function keepsServing(): Promise<void> {
  const r = await stow(`${gw.http}/dicomweb/studies`, [validInstance()]);
  expect(r.status).toBe(202);
  expect(referenced(r.body)).toHaveLength(1);
  expect((await getJson(`${gw.http}/dicomweb/studies`)).status).toBe(200);
}

describe('hostile STOW-RS requests', () => {
  it('answers a streamed 192 MiB part of empty sequence items with 413 part-too-large, RSS bounded', async () => {
    await keepsServing(); // warm up before the baseline
    const sent = { bytes: 0 };
    const r = await measured('192 MiB item flood, chunked', () =>
      post(gw, { framing: 'chunked', body: itemFloodBody(192 * MiB), sent }),
    );
    figures.push(`the item flood's sender had sent ${mib(sent.bytes)} when refused`);
    expect(r.status).toBe(413);
    expect(json(r)).toMatchObject({ code: 'dicomweb/part-too-large' });
    expect(r.headers.connection).toBe('close');
    await keepsServing();
  });

  it('refuses a declared 192 MiB body with 413 request-too-large before asking for it', async () => {
    const r = await post(gw, { framing: { length: 192 * MiB }, body: itemFloodBody(192 * MiB), askFirst: true });
    expect(r.status).toBe(413);
    expect(r.continued).toBe(false); // no 100 (Continue): not a byte of the body was sent
    expect(json(r)).toMatchObject({ code: 'dicomweb/request-too-large' });
    await keepsServing();
  });

  it('fails a 1 MB deflate bomb as an instance with 0xC000, RSS bounded', async () => {
    // Full-flush segments are independent deflate blocks: repeated, they inflate to 1 MiB each.
    const segment = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_FULL_FLUSH });
    const count = Math.ceil(MiB / segment.length);
    const bomb = Buffer.concat([...Array<Buffer>(count).fill(segment), deflateRawSync(Buffer.alloc(0))]);
    const file = Buffer.concat([part10Head('1.2.840.10008.1.2.1.99'), bomb]);
    const body = wholeBody([file]);
    const r = await measured(`deflate bomb (${(file.length / MiB).toFixed(1)} MiB inflating to ${count} MiB)`, () =>
      post(gw, { framing: { length: body.length }, body: [body] }),
    );
    expect(r.status).toBe(409);
    expect(failureReasons(json(r))).toEqual([0xc000]);
    await keepsServing();
  });

  it('refuses a chunked request past maxRequestBytes with 413 request-too-large', async () => {
    const r = await measured('60 MiB chunked request', () =>
      post(gw, { framing: 'chunked', body: junkParts(20 * MiB, 3) }),
    );
    expect(r.status).toBe(413);
    expect(json(r)).toMatchObject({ code: 'dicomweb/request-too-large' });
    await keepsServing();
  });
});

describe('load and slow senders', () => {
  it('answers STOWs beyond maxConcurrent with 503 and Retry-After, unread, then stores again', async () => {
    const { maxConcurrent, retryAfterSeconds } = SETTINGS.stow;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    // Each sender asks first, sends 100 bytes once told to go on, and the rest when the gate opens.
    const slow = async function* (body: Buffer) {
      yield body.subarray(0, 100);
      await gate;
      yield body.subarray(100);
    };
    const settled: Reply[] = [];
    const replies = Array.from({ length: maxConcurrent + 2 }, () => {
      const body = wholeBody([validInstance()]);
      const reply = post(gw, { framing: { length: body.length }, body: slow(body), askFirst: true });
      reply.then(
        (r) => settled.push(r),
        () => undefined,
      );
      return reply;
    });
    await until(() => settled.length >= 2);
    const early = [...settled];
    open();
    const all = await Promise.all(replies);
    expect(early.map((r) => [r.status, r.headers['retry-after'], r.continued])).toEqual([
      [503, String(retryAfterSeconds), false],
      [503, String(retryAfterSeconds), false],
    ]);
    expect(early.map((r) => json(r).code)).toEqual(['dicomweb/busy', 'dicomweb/busy']);
    const admitted = all.filter((r) => r.continued);
    expect(admitted.map((r) => r.status)).toEqual(Array(maxConcurrent).fill(202));
    await keepsServing();
  });

  it('stops reading STOW bodies while the in-flight budget is used up, and refuses new STOWs with 503', async () => {
    // Three parts of 31 MiB against a 32 MiB budget: A (the oldest hold, which never waits) sends
    // its part, then B and C theirs; the gateway stops reading them once the budget is used up, and
    // TCP stops their senders. No part ends until the gate opens.
    const partBytes = 31 * MiB;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const held = async function* () {
      yield partHead('application/octet-stream');
      const chunk = Buffer.alloc(MiB, 0x61);
      for (let n = 0; n < partBytes; n += MiB) yield chunk;
      await gate;
      yield CLOSE;
    };
    const length = partHead('application/octet-stream').length + partBytes + CLOSE.length;
    const send = (sent: { bytes: number }) => post(gw, { framing: { length }, body: held(), askFirst: true, sent });
    const [a, b, c] = [{ bytes: 0 }, { bytes: 0 }, { bytes: 0 }];
    const replies = await measured('three held 31 MiB parts, 32 MiB budget', async () => {
      const first = send(a);
      await until(() => a.bytes === length - CLOSE.length);
      const rest = [send(b), send(c)];
      await untilSteady(() => b.bytes + c.bytes);
      const d = wholeBody([validInstance()]);
      const refused = await post(gw, { framing: { length: d.length }, body: [d], askFirst: true });
      const retryAfter = String(SETTINGS.stow.retryAfterSeconds);
      expect([refused.status, refused.headers['retry-after'], refused.continued]).toEqual([503, retryAfter, false]);
      expect(json(refused)).toMatchObject({ code: 'dicomweb/busy' });
      // The budget's room after A (1 MiB) plus what the two connections buffer: far from both parts.
      expect(b.bytes + c.bytes).toBeLessThan(2 * partBytes);
      figures.push(`held senders B and C had sent ${mib(b.bytes + c.bytes)} of ${mib(2 * partBytes)}`);
      open();
      return Promise.all([first, ...rest]);
    });
    expect(replies.map((r) => failureReasons(json(r)))).toEqual([[0xc000], [0xc000], [0xc000]]);
    await keepsServing();
  });

  it('closes a connection whose headers trickle in a byte a second, within headersTimeout', async () => {
    const { hostname, port } = new URL(gw.http);
    const socket = net.connect(Number(port), hostname);
    const head = `POST /dicomweb/studies HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: ${'a'.repeat(200)}`;
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => undefined);
    let closed = false;
    socket.once('close', () => (closed = true));
    let i = 0;
    const drip = setInterval(() => socket.writable && socket.write(head[i++ % head.length]), 1000);
    // headersTimeoutSeconds is 2 here; the header block would take 200 s to arrive.
    await until(() => closed, 30_000);
    clearInterval(drip);
    socket.destroy();
    expect(closed).toBe(true);
    expect(i).toBeLessThan(head.length);
    expect(received).toMatch(/^HTTP\/1\.1 408 /); // Node's answer to a request past its timeout
    await keepsServing();
  });
});

describe('forwarded headers', () => {
  const forwarded = {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'pacs.example',
    'X-Forwarded-For': '203.0.113.7',
  };
  /** The source address the audit record of the last STOW names. */
  const auditedSource = async (gp: GatewayProcess): Promise<unknown> => {
    const r = await fetch(`${gp.http}/api/v1/audit?action=dicomweb.store&limit=1`, {
      headers: { authorization: `Bearer ${gp.adminToken}` },
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { items: { sourceAddress: unknown }[] }).items[0]?.sourceAddress;
  };
  const retrieveUrl = async (gp: GatewayProcess): Promise<string> => {
    const body = wholeBody([validInstance()]);
    const r = await post(gp, { framing: { length: body.length }, body: [body], headers: forwarded });
    expect(r.status).toBe(202);
    return String(first(referenced(json(r))[0], '00081190'));
  };

  it('builds Retrieve URLs from X-Forwarded-Proto/-Host sent by a trusted proxy', async () => {
    expect(await retrieveUrl(gw)).toMatch(/^https:\/\/pacs\.example\/dicomweb\/studies\/2\.25\.\d+\/series\//);
    expect(await auditedSource(gw)).toBe('203.0.113.7'); // the client, not the proxy
  });

  it('ignores them from a peer that is not a trusted proxy', async () => {
    expect((await retrieveUrl(plain)).startsWith(`${plain.http}/dicomweb/studies/`)).toBe(true);
    expect(await auditedSource(plain)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});
