import { dictionaryVr, tagOf, type Vr } from '@delineo/dicom';
import { dicomJsonAttribute, type DicomJsonObject, type DicomJsonValue } from '@delineo/dicomweb';
import type { LevelAttributes, QidoInstanceRow, QidoSeriesRow, QidoStudyRow } from '@delineo/db';

type Held = Record<string, string | number | number[] | null | undefined | LevelAttributes[string]>;

const NUMERIC = new Set<Vr>(['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD']);
const text = (v: string | null | undefined) => v ?? undefined;

/**
 * Every attribute the archive holds for a row, as DICOM JSON keyed by tag. All of it comes from
 * archive rows, which hold only what de-identification produced: pseudonymous UIDs and PatientID,
 * and the de-identified dataset's level attributes (LevelAttributes).
 */
export function studyAttributes(r: QidoStudyRow | QidoSeriesRow | QidoInstanceRow, base: string): DicomJsonObject {
  return toJson({
    ...(r.studyAttributes ?? {}),
    SpecificCharacterSet: 'ISO_IR 192',
    StudyDate: text(r.studyDate),
    StudyTime: text(r.studyTime),
    AccessionNumber: text(r.accessionNumber),
    InstanceAvailability: 'ONLINE',
    ModalitiesInStudy: r.modalitiesInStudy.join('\\'),
    PatientID: r.patientId,
    StudyInstanceUID: r.studyInstanceUid,
    StudyDescription: text(r.studyDescription),
    RetrieveURL: `${base}/studies/${r.studyInstanceUid}`,
    ...('numberOfStudyRelatedSeries' in r
      ? {
          NumberOfStudyRelatedSeries: r.numberOfStudyRelatedSeries,
          NumberOfStudyRelatedInstances: r.numberOfStudyRelatedInstances,
        }
      : {}),
  });
}

export function seriesAttributes(r: QidoSeriesRow | QidoInstanceRow, base: string): DicomJsonObject {
  return toJson({
    ...(r.seriesAttributes ?? {}),
    SpecificCharacterSet: 'ISO_IR 192',
    Modality: text(r.modality),
    SeriesInstanceUID: r.seriesInstanceUid,
    SeriesNumber: r.seriesNumber,
    SeriesDescription: text(r.seriesDescription),
    BodyPartExamined: text(r.bodyPartExamined),
    RetrieveURL: `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}`,
    ...('numberOfSeriesRelatedInstances' in r
      ? { NumberOfSeriesRelatedInstances: r.numberOfSeriesRelatedInstances }
      : {}),
  });
}

export function instanceAttributes(r: QidoInstanceRow, base: string): DicomJsonObject {
  return toJson({
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: r.sopClassUid,
    SOPInstanceUID: r.sopInstanceUid,
    InstanceAvailability: 'ONLINE',
    AvailableTransferSyntaxUID: r.transferSyntaxUid,
    InstanceNumber: r.instanceNumber,
    Rows: r.rows,
    Columns: r.columns,
    BitsAllocated: r.bitsAllocated,
    NumberOfFrames: r.numberOfFrames,
    ImagePositionPatient: r.imagePositionPatient,
    ImageOrientationPatient: r.imageOrientationPatient,
    PixelSpacing: r.pixelSpacing,
    SliceThickness: r.sliceThickness,
    RetrieveURL: `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`,
  });
}

function toJson(held: Held): DicomJsonObject {
  const out: DicomJsonObject = {};
  for (const [keyword, value] of Object.entries(held)) {
    const tag = tagOf(keyword);
    if (tag === undefined || value === undefined || value === null || value === '') continue;
    const vr = dictionaryVr(tag);
    Object.assign(out, dicomJsonAttribute(tag, vr, values(vr, value)));
  }
  return out;
}

function values(vr: Vr, value: NonNullable<Held[string]>): DicomJsonValue[] {
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'object' ? toJson(v as Held) : (v as DicomJsonValue)));
  }
  if (typeof value === 'number') return [value];
  const parts = value.split('\\');
  if (!NUMERIC.has(vr)) return parts;
  return parts.map((p) => (p.trim() === '' || !Number.isFinite(Number(p)) ? null : Number(p)));
}
