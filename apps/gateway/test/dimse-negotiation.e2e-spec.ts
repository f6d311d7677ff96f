/**
 * DIMSE association negotiation as the SCP answers it, under each `dimse.transferSyntaxPreference`:
 * the transfer syntax accepted per presentation context (a raw A-ASSOCIATE-RQ, then dcmtk storescu
 * with compressed and uncompressed files), our implementation identity in the A-ASSOCIATE-AC, and
 * the asynchronous operations window we answer (none: the default 1/1, PS3.7 D.3.3.3).
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import {
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  parseDataset,
  parsePart10,
  Tag,
  TransferSyntax,
} from '@delineo/dicom';
import { pseudonymizeUid } from '@delineo/deid';
import { connectRaw, cStoreRqCommand, pdata, pdu, statusOf } from '../../../test-support/dimse-raw';
import { associateRqWith, readAssociateAc, userItemsOf, type AssociateAc } from '../../../test-support/dimse-associate';
import { storeOnce } from '../src/delivery/senders/store-scu';
import { DICOM_MULTIPART, first, getJson, getParts } from './dicomweb-client';
import {
  DEFAULT_SETTINGS,
  describeWithTools,
  echoscu,
  dcmsend,
  randomSecrets,
  runTool,
  SCU,
  AE,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
} from './harness';

const EXPLICIT_LE_MR = shared('dcm_qa_ts', '1.dcm');
const J2K_LOSSLESS_MR = shared('dcm_qa_ts', '9.dcm');
const JPEG_LOSSLESS_MR = shared('dcm_qa_ts', '5.dcm');
const CT = '1.2.840.10008.5.1.4.1.1.2';
const MR = '1.2.840.10008.5.1.4.1.1.4';
const { ExplicitVRLittleEndian: ELE, ImplicitVRLittleEndian: ILE, ExplicitVRBigEndian: EBE } = TransferSyntax;
const { JPEG2000Lossless: J2KL, JPEG2000: J2K, JPEGLSLossless: JLSL, JPEGBaseline8Bit: JPEGB } = TransferSyntax;
const { RLELossless: RLE, JPEGLosslessSV1: JPEGL } = TransferSyntax;

type Preference = 'sender' | 'uncompressed' | 'lossless';

/**
 * One A-ASSOCIATE-RQ: [id, abstract syntax, proposed syntaxes, accepted syntax per preference]. IDs
 * ascend: dcmjs-dimse's RQ reader renumbers a context whose ID is below one already read.
 */
const CONTEXTS: [number, string, string[], Record<Preference, string>][] = [
  // The sender: JPEG 2000 first in the one context it proposes for its uncompressed CT.
  [1, CT, [J2KL, ELE, ILE], { sender: J2KL, uncompressed: ELE, lossless: J2KL }],
  [3, CT, [J2K, ELE, ILE], { sender: J2K, uncompressed: ELE, lossless: ELE }], // …4.91 may be lossy
  [5, MR, [ILE, EBE, JLSL, ELE], { sender: ILE, uncompressed: ELE, lossless: JLSL }],
  // Big Endian is retired: under `sender` taken only when nothing else is offered.
  [7, MR, [EBE, JPEGB], { sender: JPEGB, uncompressed: EBE, lossless: EBE }],
  [9, MR, [JPEGB, RLE], { sender: JPEGB, uncompressed: JPEGB, lossless: RLE }],
  [11, MR, [EBE], { sender: EBE, uncompressed: EBE, lossless: EBE }],
];
const UNSUPPORTED_SYNTAXES = 13; // MPEG-2 and HTJ2K only
const UNKNOWN_ABSTRACT = 15;
const MAX_PDU = 1048576; // above dcmjs-dimse's own default (262144)

/** Raw association: the A-ASSOCIATE-AC our RQ got, then an orderly A-RELEASE. */
async function negotiateRaw(gw: TestGateway): Promise<AssociateAc> {
  const conn = await connectRaw(gw.dimsePort);
  await conn.send(
    associateRqWith({
      calling: SCU,
      called: AE,
      contexts: [
        ...CONTEXTS.map(([id, abstractSyntax, transferSyntaxes]) => ({ id, abstractSyntax, transferSyntaxes })),
        {
          id: UNSUPPORTED_SYNTAXES,
          abstractSyntax: CT,
          transferSyntaxes: ['1.2.840.10008.1.2.4.100', '1.2.840.10008.1.2.4.201'],
        },
        { id: UNKNOWN_ABSTRACT, abstractSyntax: '1.2.3.4.5.6', transferSyntaxes: [ELE] },
      ],
      implementationClassUid: '1.2.3.4.99',
      implementationVersionName: 'RAW_SCU_1',
      asyncOps: [5, 5],
    }),
  );
  const ac = readAssociateAc((await conn.next())!);
  await conn.send(pdu(0x05, Buffer.alloc(4)));
  expect((await conn.next())?.[0]).toBe(0x06); // A-RELEASE-RP
  conn.socket.destroy();
  return ac;
}

/** File meta of a Part 10 file (always Explicit VR LE). */
function sopInstanceOf(file: string): string {
  const buf = readFileSync(file);
  const meta = parseDataset(buf.subarray(132, 144 + buf.readUInt32LE(140)), ELE);
  return meta.string(Tag.MediaStorageSOPInstanceUID)!;
}

describe.each<Preference>(['sender', 'uncompressed', 'lossless'])('transferSyntaxPreference: %s', (preference) => {
  describeWithTools('DIMSE negotiation', ['storescu', 'echoscu', 'dcmsend'], () => {
    const secrets = randomSecrets();
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({
        env: secrets,
        settings: {
          ...DEFAULT_SETTINGS,
          dimse: { ...DEFAULT_SETTINGS.dimse, transferSyntaxPreference: preference, maxPduLength: MAX_PDU },
        },
      });
    });
    afterAll(() => gw?.close());

    /** The transfer syntax the gateway stored `file` in (QIDO by its keyed pseudonymous SOP Instance UID). */
    async function storedSyntax(file: string): Promise<unknown> {
      const sop = pseudonymizeUid(Buffer.from(secrets.DELINEO_PROJECT_KEY, 'hex'), sopInstanceOf(file));
      const { body } = await getJson(`${gw.http}/dicomweb/instances?SOPInstanceUID=${sop}&includefield=00083002`);
      expect(body).toHaveLength(1);
      return first(body[0], '00083002');
    }

    it('accepts, per context, the syntax the preference picks from a raw A-ASSOCIATE-RQ', async () => {
      const ac = await negotiateRaw(gw);
      for (const [id, , , expected] of CONTEXTS) {
        expect({ id, ...ac.contexts.get(id) }).toEqual({ id, result: 0, transferSyntax: expected[preference] });
      }
      expect(ac.contexts.get(UNSUPPORTED_SYNTAXES)?.result).toBe(4); // transfer-syntaxes-not-supported
      expect(ac.contexts.get(UNKNOWN_ABSTRACT)?.result).toBe(3); // abstract-syntax-not-supported
    });

    it('answers with our Implementation Class UID and Version Name, and no asynchronous window', async () => {
      const ac = await negotiateRaw(gw);
      expect(ac.userItems.get(0x52)?.map(String)).toEqual([IMPLEMENTATION_CLASS_UID]);
      expect(ac.userItems.get(0x55)?.map(String)).toEqual([IMPLEMENTATION_VERSION_NAME]);
      expect(IMPLEMENTATION_VERSION_NAME).toMatch(/^DELINEO_\d+\.\d+\.\d+/);
      // PS3.7 D.3.3.3: an AC without the sub-item grants the default window, 1 invoked / 1 performed,
      // whatever was proposed (5/5 here). dcmjs-dimse alone echoed 5/5 back.
      expect(ac.userItems.has(0x53)).toBe(false);
      // PS3.8 D.1: the maximum PDU length we receive is the setting, not dcmjs-dimse's default.
      expect(ac.userItems.get(0x51)?.[0].readUInt32BE(0)).toBe(MAX_PDU);
    });

    it('answers 0xC000 to a Big Endian dataset that cannot be converted, and stores nothing', async () => {
      const count = async (): Promise<number> => (await getJson(`${gw.http}/dicomweb/instances`)).body.length;
      const before = await count();
      const conn = await connectRaw(gw.dimsePort);
      const contexts = [{ id: 1, abstractSyntax: CT, transferSyntaxes: [EBE] }];
      await conn.send(associateRqWith({ calling: SCU, called: AE, contexts, implementationClassUid: '1.2.3' }));
      expect(readAssociateAc((await conn.next())!).contexts.get(1)).toEqual({ result: 0, transferSyntax: EBE });
      const sop = '1.2.3.4.5.6.7';
      // (0008,0016) UI announcing 200 bytes, and the stream ends after 6 of them.
      const cut = Buffer.concat([Buffer.from([0x00, 0x08, 0x00, 0x16]), Buffer.from('UI'), Buffer.from([0, 200])]);
      await conn.send(pdata(1, 0x03, cStoreRqCommand(1, CT, sop)));
      await conn.send(pdata(1, 0x02, Buffer.concat([cut, Buffer.from('1.2.84')])));
      expect(statusOf((await conn.next())!)).toBe(0xc000);
      conn.socket.destroy();
      const failed = gw.logLines().filter((l) => l.event === 'c-store-failed');
      expect(failed.at(-1)).toMatchObject({ code: 'dicom/truncated', status: 'c000' });
      expect(await count()).toBe(before);
    });

    it('is named as Delineo in what dcmtk echoscu reads from the A-ASSOCIATE-AC', async () => {
      const r = await runTool('echoscu', ['-d', '-aec', AE, '-aet', SCU, '127.0.0.1', String(gw.dimsePort)]);
      expect(r.code).toBe(0);
      const log = r.stdout + r.stderr;
      expect(log).toContain(`Their Implementation Class UID:    ${IMPLEMENTATION_CLASS_UID}`);
      expect(log).toContain(`Their Implementation Version Name: ${IMPLEMENTATION_VERSION_NAME}`);
      expect((await echoscu(gw)).code).toBe(0);
    });

    // storescu +C proposes the compressed syntax and the uncompressed ones in ONE context; it must
    // then convert each file to what we accepted, and storescu 3.6.7 has no codec for that at all.
    const combined: [string, string[], string, Record<Preference, string | undefined>][] = [
      [
        'an uncompressed MR, +C -xv',
        ['+C', '-xv'],
        EXPLICIT_LE_MR,
        { sender: undefined, uncompressed: ELE, lossless: undefined },
      ],
      [
        'a JPEG 2000 lossless MR, +C -xv',
        ['+C', '-xv'],
        J2K_LOSSLESS_MR,
        { sender: J2KL, uncompressed: undefined, lossless: J2KL },
      ],
      [
        'a JPEG lossless MR, +C -xs',
        ['+C', '-xs'],
        JPEG_LOSSLESS_MR,
        { sender: JPEGL, uncompressed: undefined, lossless: JPEGL },
      ],
    ];
    it.each(combined)('storescu sends %s (%s) as the preference allows', async (_name, opts, file, expected) => {
      const r = await storescu(gw, [file], ['-R', ...opts]);
      const want = expected[preference];
      if (want === undefined) {
        expect(r.code).not.toBe(0);
        expect(r.stderr + r.stdout).toMatch(/unable to convert dataset/);
      } else {
        expect(r.code).toBe(0);
        expect(await storedSyntax(file)).toBe(want);
      }
    });

    it('storescu -xv (contexts not combined) sends JPEG 2000 and uncompressed files, each as it is', async () => {
      const r = await storescu(gw, [J2K_LOSSLESS_MR, EXPLICIT_LE_MR], ['-R', '-xv']);
      expect(r.code).toBe(0);
      expect(await storedSyntax(J2K_LOSSLESS_MR)).toBe(J2KL);
      expect(await storedSyntax(EXPLICIT_LE_MR)).toBe(ELE);
    });

    it('serves Part 10 files whose file meta names Delineo, as stored and transcoded (PS3.10 7.1)', async () => {
      expect((await storescu(gw, [J2K_LOSSLESS_MR], ['-R', '-xv'])).code).toBe(0);
      const sop = pseudonymizeUid(Buffer.from(secrets.DELINEO_PROJECT_KEY, 'hex'), sopInstanceOf(J2K_LOSSLESS_MR));
      const { body } = await getJson(`${gw.http}/dicomweb/instances?SOPInstanceUID=${sop}`);
      const url = String(first(body[0], '00081190'));
      for (const [accept, ts] of [
        [`${DICOM_MULTIPART}; transfer-syntax=*`, J2KL],
        [DICOM_MULTIPART, ELE],
      ]) {
        const { parts } = await getParts(url, accept);
        expect(parts).toHaveLength(1);
        const { meta, transferSyntaxUid } = parsePart10(parts[0]);
        expect(transferSyntaxUid).toBe(ts);
        expect(meta.string(Tag.ImplementationClassUID)).toBe(IMPLEMENTATION_CLASS_UID);
        expect(meta.string(Tag.ImplementationVersionName)).toBe(IMPLEMENTATION_VERSION_NAME);
      }
    });

    it('storescu without -xv cannot send JPEG 2000: it never proposes it; dcmsend does', async () => {
      const r = await storescu(gw, [J2K_LOSSLESS_MR], ['-R', '-d']);
      expect(r.code).not.toBe(0);
      const log = r.stdout + r.stderr;
      // What it proposed for the file's class: uncompressed syntaxes only, so no acceptor choice helps.
      expect(log).toMatch(/Abstract Syntax: =MRImageStorage/);
      expect(log).not.toMatch(/Proposed Transfer Syntax\(es\):[^]*=JPEG2000/);
      expect(log).toMatch(/unable to convert dataset from 'JPEG 2000 \(Lossless only\)'/);
      // dcmsend proposes each file's own syntax in a context of its own: accepted as sent.
      expect((await dcmsend(gw, [J2K_LOSSLESS_MR])).code).toBe(0);
      expect(await storedSyntax(J2K_LOSSLESS_MR)).toBe(J2KL);
    });
  });
});

describe('the delivery SCU (store-scu.ts)', () => {
  it('proposes with our Implementation Class UID and Version Name, and no asynchronous window', async () => {
    let rq: Buffer | undefined;
    const server = net.createServer((sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (rq || buf.length < 6 || buf.length < 6 + buf.readUInt32BE(2)) return;
        rq = buf.subarray(0, 6 + buf.readUInt32BE(2));
        sock.end(pdu(0x03, Buffer.from([0, 1, 1, 1]))); // A-ASSOCIATE-RJ, permanent, user, no reason
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const result = await storeOnce({
        host: '127.0.0.1',
        port: (server.address() as net.AddressInfo).port,
        callingAeTitle: AE,
        calledAeTitle: 'PACS',
        sopClassUid: CT,
        sopInstanceUid: '1.2.3.4',
        syntaxes: [ELE],
        encode: () => Buffer.alloc(0),
        timeoutMs: 10_000,
      });
      expect(result.kind).toBe('rejected');
      expect(rq?.[0]).toBe(0x01);
      const user = userItemsOf(rq!);
      expect(user.get(0x52)?.map(String)).toEqual([IMPLEMENTATION_CLASS_UID]);
      expect(user.get(0x55)?.map(String)).toEqual([IMPLEMENTATION_VERSION_NAME]);
      expect(user.has(0x53)).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
