/**
 * Small valid datasets the mutator starts from, built in code with libs/dicom's own Dataset (no
 * files copied in). One CT image carries the shapes parsers trip on: multi-valued strings, a
 * private block, a UN value, a sequence of two items, a nested SR-style content tree and 16-bit
 * native pixels; the encapsulated variants carry fragments (PS3.5 §A.4) instead of native pixels.
 */
import { Dataset } from '../dataset';
import { Tag } from '../tags';
import { TransferSyntax } from '../transfer-syntax';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface Seed {
  name: string;
  dataset: Dataset;
  /** The syntax it is encoded in; Explicit VR Big Endian is written by the fuzzer itself (PS3.5 §A.3). */
  transferSyntaxUid: string;
}

const ContentSequence = 0x0040a730;
const ReferencedImageSequence = 0x00081140;

function contentItem(text: string, children: Dataset[]): Dataset {
  const item = new Dataset();
  item.setString(0x0040a010, 'CS', 'CONTAINS');
  item.setString(0x0040a040, 'CS', children.length ? 'CONTAINER' : 'TEXT');
  if (text) item.setString(0x0040a160, 'UT', text);
  if (children.length) item.setSequence(ContentSequence, children);
  return item;
}

function reference(instance: string): Dataset {
  const item = new Dataset();
  item.setString(0x00081150, 'UI', CT_IMAGE_STORAGE);
  item.setString(0x00081155, 'UI', instance);
  return item;
}

/** A 8×8 CT slice; `pixels` decides native (OW) or encapsulated fragments. */
export function ctDataset(pixels: 'native' | Buffer[], variant = 0): Dataset {
  const ds = new Dataset();
  const root = `2.25.30894316728403519${variant}`;
  ds.setString(Tag.SpecificCharacterSet, 'CS', 'ISO_IR 100');
  ds.setString(Tag.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', 'AXIAL']);
  ds.setString(Tag.SOPClassUID, 'UI', CT_IMAGE_STORAGE);
  ds.setString(Tag.SOPInstanceUID, 'UI', `${root}.3.1`);
  ds.setString(Tag.StudyDate, 'DA', '20240229');
  ds.setString(Tag.StudyTime, 'TM', '101530.25');
  ds.setString(Tag.AccessionNumber, 'SH', 'FUZZ0001');
  ds.setString(Tag.Modality, 'CS', 'CT');
  ds.setString(Tag.ReferringPhysicianName, 'PN', 'Ref^Doctor');
  ds.setString(Tag.StudyDescription, 'LO', 'Fuzz seed study');
  ds.setSequence(ReferencedImageSequence, [reference(`${root}.3.0`), reference(`${root}.3.2`)]);
  ds.setString(Tag.PatientName, 'PN', 'Fuzz^Seed^^Dr.');
  ds.setString(Tag.PatientID, 'LO', 'FZ-0001');
  ds.setString(Tag.PatientBirthDate, 'DA', '19700101');
  ds.setString(Tag.PatientSex, 'CS', 'O');
  // A private block (PS3.5 §7.8.1): creator, one LO, one UN of opaque bytes.
  ds.setString(0x00090010, 'LO', 'DELINEO FUZZ');
  ds.setString(0x00091001, 'LO', 'private text');
  ds.set({ tag: 0x00091002, vr: 'UN', value: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]) });
  ds.setString(Tag.SliceThickness, 'DS', '1.25');
  ds.setString(Tag.StudyInstanceUID, 'UI', `${root}.1`);
  ds.setString(Tag.SeriesInstanceUID, 'UI', `${root}.2`);
  ds.setString(Tag.StudyID, 'SH', '1');
  ds.setString(Tag.SeriesNumber, 'IS', '2');
  ds.setString(Tag.InstanceNumber, 'IS', '1');
  ds.setString(Tag.ImagePositionPatient, 'DS', ['-100', '-100', '42.5']);
  ds.setString(Tag.ImageOrientationPatient, 'DS', ['1', '0', '0', '0', '1', '0']);
  ds.setString(Tag.FrameOfReferenceUID, 'UI', `${root}.4`);
  ds.setSequence(ContentSequence, [
    contentItem('', [contentItem('level two', []), contentItem('', [contentItem('three', [])])]),
  ]);
  ds.setUint16(Tag.SamplesPerPixel, 1);
  ds.setString(Tag.PhotometricInterpretation, 'CS', 'MONOCHROME2');
  ds.setUint16(Tag.Rows, 8);
  ds.setUint16(Tag.Columns, 8);
  ds.setString(Tag.PixelSpacing, 'DS', ['0.5', '0.5']);
  ds.setUint16(Tag.BitsAllocated, 16);
  ds.setUint16(Tag.BitsStored, 12);
  ds.setUint16(Tag.HighBit, 11);
  ds.setUint16(Tag.PixelRepresentation, 0);
  ds.setString(Tag.RescaleIntercept, 'DS', '-1024');
  ds.setString(Tag.RescaleSlope, 'DS', '1');
  if (pixels === 'native') {
    const px = Buffer.alloc(8 * 8 * 2);
    for (let i = 0; i < 64; i++) px.writeUInt16LE((i * 61) & 0xfff, i * 2);
    ds.set({ tag: Tag.PixelData, vr: 'OW', value: px });
  } else ds.set({ tag: Tag.PixelData, vr: 'OB', fragments: pixels });
  return ds;
}

/** A JPEG baseline stream in outline (SOI, APP0, EOI): the parser never decodes it. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

/** An RLE frame (PS3.5 §G.3): a 64-byte header naming one segment at offset 64, then the segment. */
function rleFrame(): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32LE(1, 0);
  header.writeUInt32LE(64, 4);
  return Buffer.concat([header, Buffer.from([0x81, 0x00, 0x7f, 0x00])]); // 128 zeros, then a literal 0
}

/** Every seed, one per transfer syntax the parser is offered (Big Endian included, to be refused). */
export function seeds(): Seed[] {
  const bot = (offsets: number[]): Buffer => {
    const b = Buffer.alloc(4 * offsets.length);
    offsets.forEach((o, i) => b.writeUInt32LE(o, 4 * i));
    return b;
  };
  return [
    {
      name: 'ct-implicit-le',
      dataset: ctDataset('native', 1),
      transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian,
    },
    {
      name: 'ct-explicit-le',
      dataset: ctDataset('native', 2),
      transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    },
    { name: 'ct-explicit-be', dataset: ctDataset('native', 3), transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian },
    {
      name: 'ct-deflated',
      dataset: ctDataset('native', 4),
      transferSyntaxUid: TransferSyntax.DeflatedExplicitVRLittleEndian,
    },
    {
      name: 'ct-jpeg-baseline',
      dataset: ctDataset([Buffer.alloc(0), JPEG.subarray(0, 12), JPEG.subarray(12)], 5),
      transferSyntaxUid: TransferSyntax.JPEGBaseline8Bit,
    },
    { name: 'ct-rle', dataset: ctDataset([bot([0]), rleFrame()], 6), transferSyntaxUid: TransferSyntax.RLELossless },
  ];
}
