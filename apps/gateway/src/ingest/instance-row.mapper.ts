import { Dataset, decodeSpecificCharacterSet, Tag } from '@delineo/dicom';
import type { NewInstanceInput } from '@delineo/db';
import type { InstanceRecord } from './ingest.ports';
import { levelAttributes, SERIES_LEVEL_KEYWORDS, STUDY_LEVEL_KEYWORDS } from './level-attributes.mapper';

const intOf = (ds: Dataset, tag: number): number | null => {
  const n = ds.number(tag);
  return n === undefined || !Number.isInteger(n) ? null : n;
};
const floatsOf = (ds: Dataset, tag: number): number[] | null => {
  const n = ds.numbers(tag);
  return n.length > 0 && n.every(Number.isFinite) ? n : null;
};
const text = (ds: Dataset, tag: number): string | null => ds.string(tag) ?? null;
/**
 * SH/LO values in the characters they stand for (PS3.5 §6.1.2.3): the index answers QIDO-RS in
 * Unicode JSON and is matched against Unicode query values, so a UTF-8 "Schädel" must not be
 * stored as the latin1 reading of its bytes.
 */
const chars = (ds: Dataset, tag: number): string | null => {
  const v = ds.string(tag);
  return v === undefined ? null : decodeSpecificCharacterSet(v, ds.strings(Tag.SpecificCharacterSet));
};

/**
 * The header's own instance count, where it states one: Images in Acquisition (PS3.3 C.7.6.1)
 * counts one acquisition, so dynamic series multiply by Number of Temporal Positions (C.7.6.2).
 */
function expectedCount(ds: Dataset): number | null {
  const images = intOf(ds, Tag.ImagesInAcquisition);
  if (!images || images < 1) return null;
  return images * (intOf(ds, 0x00200105) ?? 1);
}

/**
 * Maps a DE-IDENTIFIED dataset to its archive row. It must never be handed the original: the
 * database only ever sees what libs/deid produced.
 */
export function toNewInstanceInput(r: Omit<InstanceRecord, 'vaultRecord'>): NewInstanceInput {
  const ds = r.deidentified;
  return {
    pseudoPatientId: r.pseudonyms.patientId,
    study: {
      studyInstanceUid: r.pseudonyms.studyInstanceUid,
      studyDate: text(ds, Tag.StudyDate),
      studyTime: text(ds, Tag.StudyTime),
      accessionNumber: chars(ds, Tag.AccessionNumber),
      studyDescription: chars(ds, Tag.StudyDescription),
      attributes: levelAttributes(ds, STUDY_LEVEL_KEYWORDS),
    },
    series: {
      seriesInstanceUid: r.pseudonyms.seriesInstanceUid,
      modality: text(ds, Tag.Modality),
      seriesNumber: intOf(ds, Tag.SeriesNumber),
      seriesDescription: chars(ds, Tag.SeriesDescription),
      bodyPartExamined: text(ds, Tag.BodyPartExamined),
      frameOfReferenceUid: r.pseudonyms.frameOfReferenceUid ?? null,
      expectedInstances: expectedCount(ds),
      attributes: levelAttributes(ds, SERIES_LEVEL_KEYWORDS),
    },
    instance: {
      sopInstanceUid: r.pseudonyms.sopInstanceUid,
      sopClassUid: ds.string(Tag.SOPClassUID) ?? '',
      transferSyntaxUid: r.transferSyntaxUid,
      instanceNumber: intOf(ds, Tag.InstanceNumber),
      rows: intOf(ds, Tag.Rows),
      columns: intOf(ds, Tag.Columns),
      numberOfFrames: intOf(ds, Tag.NumberOfFrames),
      bitsAllocated: intOf(ds, Tag.BitsAllocated),
      imagePositionPatient: floatsOf(ds, Tag.ImagePositionPatient),
      imageOrientationPatient: floatsOf(ds, Tag.ImageOrientationPatient),
      pixelSpacing: floatsOf(ds, Tag.PixelSpacing),
      sliceThickness: ds.number(Tag.SliceThickness) ?? null,
      sizeBytes: r.sizeBytes,
      sha256: r.sha256,
      objectKey: r.objectKey,
      receivedVia: r.receivedVia,
    },
    route: r.route ?? null,
  };
}
