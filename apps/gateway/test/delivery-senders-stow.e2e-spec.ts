/**
 * The STOW-RS sender against Orthanc with its DICOMweb plugin, and against a node HTTP server that
 * gives the answers Orthanc will not (PS3.18 §10.5.3 statuses, per-instance failures, overload).
 */
import { Readable } from 'node:stream';
import { parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { parseStowContentType, readMultipart } from '@delineo/dicomweb';
import { DICOMWEB_PLUGIN } from '../../../test-support/orthanc-config';
import { ORTHANC_BIN, startOrthanc, type RunningOrthanc } from '../../../test-support/orthanc';
import { DicomwebSender, type SenderOptions } from '../src/delivery/senders';
import {
  datasetDifferences,
  describeWithPeers,
  freePort,
  segFixture,
  startHttpPeer,
  startSilentPeer,
  type HttpPeer,
} from './delivery-senders-peers';

const sender = (url: string, opts: SenderOptions = {}) =>
  new DicomwebSender({ name: 'web', type: 'dicomweb', url }, { timeoutMs: 20_000, ...opts });
const uid = (part10: Buffer, tag: number): string => parsePart10(part10).dataset.string(tag)!;

describeWithPeers('STOW-RS sender → Orthanc DICOMweb', [ORTHANC_BIN, DICOMWEB_PLUGIN], () => {
  let pacs: RunningOrthanc;
  beforeAll(async () => {
    pacs = await startOrthanc({ dicomWeb: true });
  });
  afterAll(async () => {
    await pacs?.dispose();
  });

  it.each([false, true])(
    'stores a SEG that Orthanc then lists with the same dataset (to /studies/{uid}: %s)',
    async (stowToStudy) => {
      const seg = await segFixture();
      expect(await sender(`${pacs.url}/dicom-web/`, { stowToStudy }).send(seg)).toEqual({ kind: 'delivered' });
      const stored = (await pacs.instancesOfStudy(uid(seg, Tag.StudyInstanceUID))).find(
        (i) => i.sopInstanceUid === uid(seg, Tag.SOPInstanceUID),
      );
      expect(stored).toBeDefined();
      expect(datasetDifferences(await pacs.instanceFile(stored!.id), seg)).toEqual([]);
    },
  );

  it('is permanent when Orthanc answers 200 but stored nothing (an instance without Study Instance UID)', async () => {
    const { dataset } = parsePart10(await segFixture());
    dataset.setString(Tag.StudyInstanceUID, 'UI', '');
    const before = await pacs.count();
    const outcome = await sender(`${pacs.url}/dicom-web`).send(
      writePart10(dataset, { transferSyntaxUid: '1.2.840.10008.1.2.1' }),
    );
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'delivery/stow-nothing-stored' });
    expect((await pacs.count()).instances).toBe(before.instances);
  });
});

describe('STOW-RS sender → crafted DICOMweb answers', () => {
  let seg: Buffer;
  let sop: string;
  let answer: { status: number; body?: unknown; headers?: Record<string, string> };
  let peer: HttpPeer;
  beforeAll(async () => {
    seg = await segFixture();
    sop = uid(seg, Tag.SOPInstanceUID);
    peer = await startHttpPeer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/dicom+json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  afterAll(() => peer.close());

  const item = (attrs: Record<string, [string, unknown]>) =>
    Object.fromEntries(Object.entries(attrs).map(([tag, [vr, v]]) => [tag, { vr, Value: [v] }]));
  const referenced = (extra: Record<string, [string, unknown]> = {}) => ({
    '00081199': {
      vr: 'SQ',
      Value: [item({ '00081150': ['UI', '1.2.840.10008.5.1.4.1.1.66.4'], '00081155': ['UI', sop], ...extra })],
    },
  });
  const failed = (reason: number) => ({
    '00081198': { vr: 'SQ', Value: [item({ '00081155': ['UI', sop], '00081197': ['US', reason] })] },
  });

  it('POSTs one application/dicom part to {url}/studies and asks for DICOM JSON (PS3.18 §10.5.1)', async () => {
    answer = { status: 200, body: referenced() };
    expect(await sender(`${peer.base}/dicomweb/`).send(seg)).toEqual({ kind: 'delivered' });
    const req = peer.requests.at(-1)!;
    expect([req.method, req.url, req.headers.accept]).toEqual(['POST', '/dicomweb/studies', 'application/dicom+json']);
    const { boundary } = parseStowContentType(req.headers['content-type']);
    const parts = [];
    for await (const p of readMultipart(Readable.from([req.body]), boundary, { maxPartBytes: 1 << 24 })) parts.push(p);
    expect(parts).toHaveLength(1);
    expect(parts[0].headers['content-type']).toBe('application/dicom');
    expect(parts[0].body.equals(seg)).toBe(true);
  });

  it.each([
    ['200, instance in ReferencedSOPSequence', 200, () => referenced(), { kind: 'delivered' }],
    [
      '202 with WarningReason B000',
      202,
      () => referenced({ '00081196': ['US', 0xb000] }),
      { kind: 'delivered', detail: 'stored with warning 0xB000' },
    ],
    [
      '200 with empty sequences (Orthanc stored nothing)',
      200,
      () => ({ '00081198': { vr: 'SQ' }, '00081199': { vr: 'SQ' } }),
      { kind: 'permanent', code: 'delivery/stow-nothing-stored' },
    ],
    ['200 without a body', 200, () => undefined, { kind: 'permanent', code: 'delivery/stow-bad-response' }],
    [
      '200 with the instance failed (A900)',
      200,
      () => failed(0xa900),
      { kind: 'permanent', code: 'delivery/stow-failed' },
    ],
    [
      '409, FailedSOPSequence A900',
      409,
      () => failed(0xa900),
      { kind: 'permanent', code: 'delivery/stow-failed', message: 'HTTP 409, FailureReason 0xA900' },
    ],
    [
      '409, FailedSOPSequence 0110 (Orthanc)',
      409,
      () => failed(0x0110),
      { kind: 'permanent', code: 'delivery/stow-failed' },
    ],
    [
      '409, FailedSOPSequence A700 (out of resources)',
      409,
      () => failed(0xa700),
      { kind: 'retry', code: 'delivery/stow-failed' },
    ],
    ['400', 400, () => undefined, { kind: 'permanent', code: 'delivery/http-4xx', message: 'HTTP 400' }],
    ['415', 415, () => undefined, { kind: 'permanent', code: 'delivery/http-4xx' }],
    ['429', 429, () => undefined, { kind: 'retry', code: 'delivery/http-4xx' }],
    ['503', 503, () => undefined, { kind: 'retry', code: 'delivery/http-5xx', message: 'HTTP 503' }],
  ])('classes %s', async (_name, status, body, expected) => {
    answer = { status, body: body() };
    expect(await sender(peer.base).send(seg)).toMatchObject(expected);
  });

  it('does not follow a redirect: the SEG goes only where it was configured to go', async () => {
    answer = { status: 307, headers: { location: 'http://127.0.0.1:1/elsewhere' } };
    const before = peer.requests.length;
    expect(await sender(peer.base).send(seg)).toMatchObject({ kind: 'permanent', code: 'delivery/http-3xx' });
    expect(peer.requests.length).toBe(before + 1);
  });

  it('turns URL credentials into Basic auth and never repeats them', async () => {
    answer = { status: 503 };
    const outcome = await sender(`http://delineo:s3cr%40t@${peer.base.slice('http://'.length)}/dicomweb`).send(seg);
    expect(peer.requests.at(-1)!.headers.authorization).toBe(
      `Basic ${Buffer.from('delineo:s3cr@t').toString('base64')}`,
    );
    expect(JSON.stringify(outcome)).not.toMatch(/s3cr|delineo:/);
  });

  it('sends a bearer token when given one', async () => {
    answer = { status: 200, body: referenced() };
    await sender(peer.base, { bearerToken: 'tok-123' }).send(seg);
    expect(peer.requests.at(-1)!.headers.authorization).toBe('Bearer tok-123');
  });

  it('asks for a retry when nothing listens, and when the server never answers', async () => {
    expect(await sender(`http://127.0.0.1:${await freePort()}`).send(seg)).toMatchObject({
      kind: 'retry',
      code: 'delivery/network',
    });
    const silent = await startSilentPeer();
    try {
      expect(await sender(`http://127.0.0.1:${silent.port}`, { timeoutMs: 300 }).send(seg)).toMatchObject({
        kind: 'retry',
        code: 'delivery/timeout',
      });
    } finally {
      await silent.close();
    }
  });

  it('refuses bytes that are not a Part 10 file without sending them', async () => {
    const before = peer.requests.length;
    expect(await sender(peer.base).send(Buffer.from('not dicom'))).toMatchObject({
      kind: 'permanent',
      code: 'delivery/invalid-payload',
    });
    expect(peer.requests.length).toBe(before);
  });
});
