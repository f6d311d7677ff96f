import { parseDataset, parsePart10, Tag, TransferSyntax, writePart10 } from '@delineo/dicom';
import { encodeSeg } from '@delineo/seg';
import { PayloadError, readDicomPayload } from './dicom-payload';
import { ellipsoids, labelsFor, syntheticSource } from '../../../../../libs/seg/src/testing/fixtures';

const {
  ExplicitVRLittleEndian: ELE,
  ImplicitVRLittleEndian: ILE,
  DeflatedExplicitVRLittleEndian: DEFLATED,
  RLELossless: RLE,
} = TransferSyntax;

async function seg(): Promise<Buffer> {
  const src = await syntheticSource(3, 8, 10);
  const labelMap = ellipsoids(src.geometry.dims, [{ label: 1, centre: [4, 4, 1], radii: [3, 3, 1] }]);
  return encodeSeg({
    geometry: src.geometry,
    labelMap,
    labels: labelsFor([1]),
    sourceHeaders: src.headers,
    algorithm: { name: 'm', version: '1' },
  }).part10;
}

const inSyntax = (part10: Buffer, ts: string): Buffer =>
  writePart10(parsePart10(part10).dataset, { transferSyntaxUid: ts });

describe('readDicomPayload', () => {
  let ele: Buffer;
  beforeAll(async () => {
    ele = await seg();
  });

  it('proposes Explicit then Implicit VR Little Endian for either of them', () => {
    expect(readDicomPayload(ele).proposedSyntaxes).toEqual([ELE, ILE]);
    expect(readDicomPayload(inSyntax(ele, ILE)).proposedSyntaxes).toEqual([ELE, ILE]);
  });

  it('proposes a deflated file in its own syntax first, then the uncompressed ones', () => {
    expect(readDicomPayload(inSyntax(ele, DEFLATED)).proposedSyntaxes).toEqual([DEFLATED, ELE, ILE]);
  });

  it('in its own transfer syntax returns the dataset bytes of the file untouched', () => {
    const p = readDicomPayload(ele);
    const body = p.encode(ELE);
    expect(ele.subarray(ele.length - body.length).equals(body)).toBe(true);
    expect(body.readUInt16LE(0)).not.toBe(0x0002); // no meta group
  });

  it('re-encodes between Explicit and Implicit VR with the same values', () => {
    const implicitBody = readDicomPayload(ele).encode(ILE);
    expect(implicitBody.equals(readDicomPayload(inSyntax(ele, ILE)).encode(ILE))).toBe(true);
    const original = parsePart10(ele).dataset;
    for (const [body, ts] of [
      [implicitBody, ILE],
      [readDicomPayload(inSyntax(ele, ILE)).encode(ELE), ELE],
    ] as const) {
      const ds = parseDataset(body, ts);
      expect(ds.string(Tag.SOPInstanceUID)).toBe(original.string(Tag.SOPInstanceUID));
      expect(ds.get(Tag.PixelData)!.value!.equals(original.get(Tag.PixelData)!.value!)).toBe(true);
    }
  });

  it('refuses a syntax it did not propose', () => {
    expect(() => readDicomPayload(ele).encode(RLE)).toThrow(PayloadError);
  });

  it('reads the UIDs the senders need', () => {
    const ds = parsePart10(ele).dataset;
    expect(readDicomPayload(ele)).toMatchObject({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4',
      sopInstanceUid: ds.string(Tag.SOPInstanceUID),
      studyInstanceUid: ds.string(Tag.StudyInstanceUID),
      transferSyntaxUid: ELE,
    });
  });

  it('refuses bytes that are not Part 10, and an instance without SOP Instance UID', () => {
    expect(() => readDicomPayload(Buffer.from('nope'))).toThrow(PayloadError);
    const { dataset } = parsePart10(ele);
    dataset.delete(Tag.SOPInstanceUID);
    expect(() =>
      readDicomPayload(writePart10(dataset, { transferSyntaxUid: ELE, mediaStorageSopInstanceUid: '1.2.3' })),
    ).toThrow(/SOP Instance UID/);
  });
});
