/**
 * DIMSE association negotiation as the SCP answers it, under each `dimse.transferSyntaxPreference`:
 * the transfer syntax accepted per presentation context of a raw A-ASSOCIATE-RQ, our implementation
 * identity and PDU limit in the A-ASSOCIATE-AC, the asynchronous operations window we answer (none:
 * the default 1/1, PS3.7 D.3.3.3), a Big Endian dataset that cannot be converted, and the delivery
 * SCU's A-ASSOCIATE-RQ. dcmtk storescu and dcmsend: dimse-negotiation-dcmtk.e2e-spec.ts.
 */
import net from 'node:net';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, TransferSyntax } from '@delineo/dicom';
import { connectRaw, cStoreRqCommand, pdata, pdu, statusOf } from '../../../test-support/dimse-raw';
import { associateRqWith, readAssociateAc, userItemsOf, type AssociateAc } from '../../../test-support/dimse-associate';
import { storeOnce } from '../src/delivery/senders/store-scu';
import { getJson } from './dicomweb-client';
import { AE, describeWithTools, echoscu, runTool, SCU, type TestGateway } from './harness';
import { MAX_PDU, PREFERENCES, startPreferenceGateway, type Preference } from './dimse-preference';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const MR = '1.2.840.10008.5.1.4.1.1.4';
const { ExplicitVRLittleEndian: ELE, ImplicitVRLittleEndian: ILE, ExplicitVRBigEndian: EBE } = TransferSyntax;
const { JPEG2000Lossless: J2KL, JPEG2000: J2K, JPEGLSLossless: JLSL, JPEGBaseline8Bit: JPEGB } = TransferSyntax;
const { RLELossless: RLE } = TransferSyntax;

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
/** Study Root C-FIND with Big Endian first: qr/ must see every proposed syntax to pick Explicit VR LE. */
const QR_FIND = 17;
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
        { id: QR_FIND, abstractSyntax: '1.2.840.10008.5.1.4.1.2.2.1', transferSyntaxes: [EBE, ELE, ILE] },
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

describe.each<Preference>(PREFERENCES)('transferSyntaxPreference: %s', (preference) => {
  describeWithTools('DIMSE negotiation', ['echoscu'], () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = (await startPreferenceGateway(preference)).gw;
    });
    afterAll(() => gw?.close());

    it('accepts, per context, the syntax the preference picks from a raw A-ASSOCIATE-RQ', async () => {
      const ac = await negotiateRaw(gw);
      for (const [id, , , expected] of CONTEXTS) {
        expect({ id, ...ac.contexts.get(id) }).toEqual({ id, result: 0, transferSyntax: expected[preference] });
      }
      expect(ac.contexts.get(UNSUPPORTED_SYNTAXES)?.result).toBe(4); // transfer-syntaxes-not-supported
      expect(ac.contexts.get(UNKNOWN_ABSTRACT)?.result).toBe(3); // abstract-syntax-not-supported
      expect(ac.contexts.get(QR_FIND)).toEqual({ result: 0, transferSyntax: ELE });
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
