/**
 * Synthetic CT series with realistic headers and obviously fake PHI, for ingest, de-identification
 * and segmentation tests. Nothing here comes from a real patient.
 */
import { Dataset, dictionaryVr, keyedUid, tagOf, TransferSyntax, writePart10 } from '@delineo/dicom';
import { ctPhantomSlice } from './phantom';

export interface SyntheticCtOptions {
  count: number;
  rows?: number;
  cols?: number;
  patientName?: string;
  patientId?: string;
  studyUid?: string;
  seriesUid?: string;
  /** Explicit VR Little Endian unless told otherwise. */
  transferSyntax?: string;
  studyDate?: string;
  birthDate?: string;
}

const SEED = Buffer.from('delineo synthetic test data');
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const PRIVATE_CREATOR = 'DELINEO SYNTH 1';

function put(ds: Dataset, keyword: string, value: string | string[] | number): void {
  const tag = tagOf(keyword);
  if (tag === undefined) throw new Error(`unknown keyword ${keyword}`);
  const vr = dictionaryVr(tag);
  if (typeof value === 'number') ds.setUint16(tag, value);
  else ds.setString(tag, vr, value);
}

function header(o: Required<SyntheticCtOptions>, i: number): Dataset {
  const ds = new Dataset();
  const z = -i * 1.25;
  const strings: Record<string, string | string[]> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: keyedUid(SEED, `${o.seriesUid}/${i}`),
    StudyDate: o.studyDate,
    SeriesDate: o.studyDate,
    AcquisitionDate: o.studyDate,
    ContentDate: o.studyDate,
    StudyTime: '093015',
    SeriesTime: '093412',
    AcquisitionTime: '093420.125',
    ContentTime: '093421',
    AccessionNumber: 'ACC' + o.patientId.slice(-6),
    Modality: 'CT',
    Manufacturer: 'DELINEO SYNTHETIC',
    InstitutionName: 'Saint Example Hospital',
    InstitutionAddress: '1 Example Road, Sampletown',
    ReferringPhysicianName: 'Referrer^Rita^^Dr',
    StationName: 'CTSTATION7',
    StudyDescription: `CT CHEST ABDOMEN ${o.patientName.split('^')[0]}`,
    SeriesDescription: 'AXIAL 1.25 SOFT TISSUE',
    OperatorsName: 'Operator^Otto',
    ManufacturerModelName: 'PHANTOMSCAN 64',
    PatientName: o.patientName,
    PatientID: o.patientId,
    IssuerOfPatientID: 'EXAMPLE-HOSP',
    PatientBirthDate: o.birthDate,
    PatientSex: 'F',
    PatientWeight: '68.5',
    PatientSize: '1.68',
    OtherPatientIDs: 'OTHER-' + o.patientId,
    EthnicGroup: 'SYNTHETIC',
    PatientComments: `Lives at 7 Fake Street`,
    BodyPartExamined: 'CHEST',
    SliceThickness: '1.25',
    KVP: '120',
    DeviceSerialNumber: 'SN-4711-0815',
    SoftwareVersions: 'SYNTH 1.0',
    PatientPosition: 'HFS',
    StudyInstanceUID: o.studyUid,
    SeriesInstanceUID: o.seriesUid,
    StudyID: 'S' + o.patientId.slice(-4),
    SeriesNumber: '3',
    InstanceNumber: String(i + 1),
    AcquisitionNumber: '1',
    ImagePositionPatient: ['-250', '-250', z.toFixed(2)],
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    FrameOfReferenceUID: keyedUid(SEED, `for/${o.studyUid}`),
    PositionReferenceIndicator: 'SN',
    SliceLocation: z.toFixed(2),
    PhotometricInterpretation: 'MONOCHROME2',
    PixelSpacing: [(500 / o.rows).toFixed(4), (500 / o.cols).toFixed(4)],
    BurnedInAnnotation: 'NO',
    WindowCenter: '40',
    WindowWidth: '400',
    RescaleIntercept: '-1024',
    RescaleSlope: '1',
    RescaleType: 'HU',
  };
  for (const [k, v] of Object.entries(strings)) put(ds, k, v);
  const numbers: Record<string, number> = {
    SamplesPerPixel: 1,
    Rows: o.rows,
    Columns: o.cols,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 1,
  };
  for (const [k, v] of Object.entries(numbers)) put(ds, k, v);
  const code = new Dataset();
  put(code, 'CodeValue', 'CTCHABD');
  put(code, 'CodingSchemeDesignator', '99SYNTH');
  put(code, 'CodeMeaning', 'CT chest and abdomen');
  ds.setSequence(tagOf('ProcedureCodeSequence')!, [code]);
  const request = new Dataset();
  put(request, 'RequestedProcedureID', 'RP' + o.patientId.slice(-5));
  put(request, 'ScheduledProcedureStepID', 'SPS' + o.patientId.slice(-5));
  ds.setSequence(tagOf('RequestAttributesSequence')!, [request]);
  // A private block (PS3.5 §7.8.1) carrying copies of identifying values, as vendors' often do.
  ds.setString(0x00090010, 'LO', PRIVATE_CREATOR);
  ds.setString(0x00091001, 'LO', o.patientName);
  ds.setString(0x00091002, 'DS', '0.625');
  return ds;
}

/** Part 10 files of one CT series, slices stepping 1.25 mm along -z. */
export function syntheticCtSeries(opts: SyntheticCtOptions): Buffer[] {
  const patientId = opts.patientId ?? 'SYN0001234';
  const o: Required<SyntheticCtOptions> = {
    rows: 512,
    cols: 512,
    patientName: 'Doe^Jane^Q',
    studyDate: '20240315',
    birthDate: '19790623',
    transferSyntax: TransferSyntax.ExplicitVRLittleEndian,
    ...opts,
    patientId,
    studyUid: opts.studyUid ?? keyedUid(SEED, `study/${patientId}`),
    seriesUid: opts.seriesUid ?? keyedUid(SEED, `series/${opts.studyUid ?? patientId}`),
  } as Required<SyntheticCtOptions>;
  const out: Buffer[] = [];
  for (let i = 0; i < o.count; i++) {
    const ds = header(o, i);
    ds.set({ tag: 0x7fe00010, vr: 'OW', value: ctPhantomSlice(o.rows, o.cols, i / Math.max(1, o.count - 1)) });
    out.push(writePart10(ds, { transferSyntaxUid: o.transferSyntax }));
  }
  return out;
}
