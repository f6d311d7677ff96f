/**
 * The DIMSE sender against real peers: dcmtk storescp (each case its own process and options) and
 * Orthanc as the hospital PACS. Outcomes only; no timing assertions.
 */
import { parsePart10, Tag, TransferSyntax, writePart10 } from '@delineo/dicom';
import { log as dimseLog } from 'dcmjs-dimse';
import { startOrthanc, ORTHANC_BIN, type RunningOrthanc } from '../../../test-support/orthanc';
import { DimseSender, type DimseDestination } from '../src/delivery/senders';
import {
  datasetDifferences,
  describeWithPeers,
  freePort,
  readFile,
  SHARED_DATA,
  segFixture,
  startSilentPeer,
  startStorescp,
} from './delivery-senders-peers';

dimseLog.setLevel('silent');

const dest = (port: number, aeTitle: string): DimseDestination => ({
  name: 'pacs',
  type: 'dimse',
  aeTitle,
  host: '127.0.0.1',
  port,
  tls: false,
});
const send = (port: number, aeTitle: string, part10: Buffer, timeoutMs = 20_000) =>
  new DimseSender(dest(port, aeTitle), { timeoutMs }).send(part10);
const datasetBytes = (part10: Buffer): Buffer => {
  const { meta } = parsePart10(part10);
  return part10.subarray(132 + 12 + meta.number(Tag.FileMetaInformationGroupLength)!);
};

describeWithPeers('DIMSE sender → dcmtk storescp', ['storescp'], () => {
  let binary: Buffer;
  let labelMap: Buffer;
  beforeAll(async () => {
    [binary, labelMap] = await Promise.all([segFixture('BINARY'), segFixture('LABELMAP')]);
  });

  it('stores a SEG that arrives with its dataset byte for byte (bit-preserving storescp)', async () => {
    const scp = await startStorescp(['+B']);
    try {
      expect(await send(scp.port, scp.aet, binary)).toEqual({ kind: 'delivered' });
      const [file] = scp.files();
      expect(parsePart10(readFile(file)).transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
      expect(datasetBytes(readFile(file)).equals(datasetBytes(binary))).toBe(true);
    } finally {
      await scp.stop();
    }
  });

  it('re-encodes to Implicit VR Little Endian when that is all the peer accepts, values unchanged', async () => {
    const scp = await startStorescp(['+xi']);
    try {
      expect(await send(scp.port, scp.aet, binary)).toEqual({ kind: 'delivered' });
      const received = readFile(scp.files()[0]);
      expect(parsePart10(received).transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
      expect(datasetDifferences(received, binary)).toEqual([]);
    } finally {
      await scp.stop();
    }
  });

  it('sends an Implicit VR SEG (highdicom) in Explicit VR when the peer prefers it, values unchanged', async () => {
    const implicitSeg = readFile(`${SHARED_DATA}/highdicom/seg_image_ct_binary.dcm`);
    const scp = await startStorescp(['+xe']);
    try {
      expect(await send(scp.port, scp.aet, implicitSeg)).toEqual({ kind: 'delivered' });
      const received = readFile(scp.files()[0]);
      expect(parsePart10(received).transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
      expect(datasetDifferences(received, implicitSeg)).toEqual([]);
    } finally {
      await scp.stop();
    }
  });

  it('is permanent (no presentation context) when the peer does not support Label Map Segmentation Storage', async () => {
    const scp = await startStorescp(); // no -pm: dcmtk 3.6.7 does not know …66.7
    try {
      const outcome = await send(scp.port, scp.aet, labelMap);
      expect(outcome).toMatchObject({ kind: 'permanent', code: 'delivery/no-presentation-context' });
      expect(scp.files()).toEqual([]);
    } finally {
      await scp.stop();
    }
  });

  it('is permanent when the peer rejects the association permanently (storescp --refuse)', async () => {
    const scp = await startStorescp(['--refuse']);
    try {
      expect(await send(scp.port, scp.aet, binary)).toMatchObject({
        kind: 'permanent',
        code: 'delivery/rejected-association',
      });
    } finally {
      await scp.stop();
    }
  });

  it('asks for a retry when the peer aborts before answering (storescp --abort-after)', async () => {
    const scp = await startStorescp(['--abort-after']);
    try {
      expect(await send(scp.port, scp.aet, binary)).toMatchObject({ kind: 'retry', code: 'delivery/aborted' });
    } finally {
      await scp.stop();
    }
  });

  it('asks for a retry when nothing listens on the port', async () => {
    const outcome = await send(await freePort(), 'NOBODY', binary);
    expect(outcome).toEqual({
      kind: 'retry',
      code: 'delivery/network',
      message: 'DIMSE connection failed: ECONNREFUSED',
    });
  });

  it('asks for a retry when the peer accepts the connection and never answers', async () => {
    const peer = await startSilentPeer();
    try {
      expect(await send(peer.port, 'HUNG', binary, 300)).toMatchObject({ kind: 'retry', code: 'delivery/timeout' });
    } finally {
      await peer.close();
    }
  });
});

describeWithPeers('DIMSE sender → Orthanc', [ORTHANC_BIN], () => {
  let pacs: RunningOrthanc;
  beforeAll(async () => {
    pacs = await startOrthanc({ aet: 'HOSPITALPACS', dicomWeb: false });
  });
  afterAll(async () => {
    await pacs?.dispose();
  });

  it.each(['BINARY', 'LABELMAP'] as const)(
    'stores a %s SEG that the PACS then lists with the same dataset',
    async (type) => {
      const seg = await segFixture(type);
      const ds = parsePart10(seg).dataset;
      expect(await send(pacs.dicomPort, pacs.aet, seg)).toEqual({ kind: 'delivered' });
      const stored = (await pacs.instancesOfStudy(ds.string(Tag.StudyInstanceUID)!)).find(
        (i) => i.sopInstanceUid === ds.string(Tag.SOPInstanceUID),
      );
      expect(stored?.sopClassUid).toBe(ds.string(Tag.SOPClassUID));
      expect(datasetDifferences(await pacs.instanceFile(stored!.id), seg)).toEqual([]);
    },
  );

  it('asks for a retry on the A700 Orthanc answers for an instance it cannot index (no Study Instance UID)', async () => {
    const { dataset } = parsePart10(await segFixture());
    dataset.setString(Tag.StudyInstanceUID, 'UI', '');
    const outcome = await send(
      pacs.dicomPort,
      pacs.aet,
      writePart10(dataset, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian }),
    );
    expect(outcome).toEqual({ kind: 'retry', code: 'delivery/status-a7xx', message: 'C-STORE-RSP status 0xA700' });
  });

  it('is permanent when the called AE title is not the PACS (DicomCheckCalledAet)', async () => {
    const outcome = await send(pacs.dicomPort, 'NOT_THE_PACS', await segFixture());
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'delivery/rejected-association' });
    expect((outcome as { message: string }).message).toMatch(/called-AE-title-not-recognized/);
  });
});
