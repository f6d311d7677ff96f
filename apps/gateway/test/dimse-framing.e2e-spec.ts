/**
 * The DIMSE receive path (PduReader + direct dataset fragments) against real peers and broken
 * input: instances split over many small PDUs arrive byte-exact, dcmjs-dimse's own client (one
 * PDU per command and dataset fragment) is served, and garbage or an oversized PDU header ends
 * the connection with a coded log line instead of buffering or crashing (PS3.8 §9.3).
 */
import { connect, type Socket } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { DICOM_MULTIPART, first, getJson, getParts } from './dicomweb-client';
import {
  cStore,
  DEFAULT_SETTINGS,
  describeWithTools,
  randomSecrets,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
} from './harness';

const MR = shared('dcm_qa_nih/20180918GE/mr_0004');
const FILES = readdirSync(MR)
  .sort()
  .slice(0, 6)
  .map((f) => path.join(MR, f));
const pixelsOf = (part10: Buffer): Buffer => parsePart10(part10).dataset.get(Tag.PixelData)!.value!;
const ORIGINAL_PIXELS = FILES.map((f) => pixelsOf(readFileSync(f)));

/** Opens a socket, sends `bytes`, resolves with what came back once the gateway closes it. */
function sendRaw(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const s: Socket = connect(port, '127.0.0.1', () => s.write(bytes));
    s.on('data', (c) => got.push(c));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(got)));
    setTimeout(() => reject(new Error('the gateway kept the connection open')), 10_000).unref();
  });
}

describeWithTools('DIMSE receive path (PDU framing)', ['storescu'], () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // 4 KiB PDUs: each 128 KiB MR slice arrives in ~32 P-DATA-TF PDUs.
    const settings = { ...DEFAULT_SETTINGS, dimse: { ...DEFAULT_SETTINGS.dimse, maxPduLength: 4096 } };
    gw = await startTestGateway({ settings, env: randomSecrets() });
  });
  afterAll(() => gw?.close());

  async function storedPixels(): Promise<Buffer[]> {
    const { body } = await getJson(`${gw.http}/dicomweb/studies`);
    expect(body).toHaveLength(1);
    const study = String(first(body[0], '0020000D'));
    const { status, parts } = await getParts(`${gw.http}/dicomweb/studies/${study}`, DICOM_MULTIPART);
    expect(status).toBe(200);
    return parts.map(pixelsOf);
  }

  it('stores instances split over many small PDUs byte-exact (dcmtk storescu)', async () => {
    const r = await storescu(gw, FILES, ['--max-send-pdu', '4096']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/^[EF]: /m);
    const stored = await storedPixels();
    expect(stored).toHaveLength(FILES.length);
    for (const original of ORIGINAL_PIXELS) expect(stored.some((p) => p.equals(original))).toBe(true);
  });

  it("serves dcmjs-dimse's client, which sends command and dataset in separate PDUs", async () => {
    const statuses = await cStore(gw, FILES[0]);
    expect(statuses).toEqual([0]); // identical copy of an instance already stored: success, no duplicate
    expect(await storedPixels()).toHaveLength(FILES.length);
  });

  it('closes the connection on an unrecognized PDU type and logs a code', async () => {
    const back = await sendRaw(gw.dimsePort, Buffer.from([0x09, 0, 0, 0, 0, 2, 0xde, 0xad]));
    // PS3.8 §9.2 Sta2, AA-1: even before an association, an A-ABORT (service provider, reason 1
    // "unrecognized PDU") is sent, then the connection is closed.
    expect([...back]).toEqual([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 1]);
    expect(gw.logLines().some((l) => l.event === 'association-aborted' && l.reason === 'unrecognized-pdu')).toBe(true);
  });

  it('closes the connection on a PDU header announcing more than the limit, without buffering it', async () => {
    await sendRaw(gw.dimsePort, Buffer.from([0x01, 0, 0x7f, 0xff, 0xff, 0xff, 0, 1]));
    expect(gw.logLines().some((l) => l.event === 'association-aborted' && l.reason === 'pdu-too-large')).toBe(true);
  });

  it('still accepts associations afterwards', async () => {
    const r = await storescu(gw, [FILES[1]]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/^[EF]: /m);
  });
});
