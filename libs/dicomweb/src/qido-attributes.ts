import { tagOf } from '@delineo/dicom';

export type QidoLevel = 'studies' | 'series' | 'instances';

/** Default return attributes per level: PS3.18 Tables 10.6.3-3, 10.6.3-4 and 10.6.3-5. */
export const QIDO_DEFAULT_RETURN_KEYWORDS: Readonly<Record<QidoLevel, readonly string[]>> = {
  studies: [
    'SpecificCharacterSet',
    'StudyDate',
    'StudyTime',
    'AccessionNumber',
    'InstanceAvailability',
    'ModalitiesInStudy',
    'ReferringPhysicianName',
    'TimezoneOffsetFromUTC',
    'RetrieveURL',
    'PatientName',
    'PatientID',
    'PatientBirthDate',
    'PatientSex',
    'StudyInstanceUID',
    'StudyID',
    'NumberOfStudyRelatedSeries',
    'NumberOfStudyRelatedInstances',
  ],
  series: [
    'SpecificCharacterSet',
    'Modality',
    'TimezoneOffsetFromUTC',
    'SeriesDescription',
    'RetrieveURL',
    'SeriesInstanceUID',
    'SeriesNumber',
    'NumberOfSeriesRelatedInstances',
    'PerformedProcedureStepStartDate',
    'PerformedProcedureStepStartTime',
    'RequestAttributesSequence',
  ],
  instances: [
    'SpecificCharacterSet',
    'SOPClassUID',
    'SOPInstanceUID',
    'InstanceAvailability',
    'TimezoneOffsetFromUTC',
    'RetrieveURL',
    'InstanceNumber',
    'Rows',
    'Columns',
    'BitsAllocated',
    'NumberOfFrames',
  ],
};

/**
 * Attributes this gateway can match on at each level. The study and series lists hold PS3.18
 * Table 10.6.1-5's required matching keys plus descriptions and patient demographics we index.
 * A series query may also match study attributes, an instance query study and series ones
 * (PS3.18 §10.6.1.2, relational queries).
 */
export const QIDO_MATCH_KEYWORDS: Readonly<Record<QidoLevel, readonly string[]>> = {
  studies: [
    'StudyDate',
    'StudyTime',
    'AccessionNumber',
    'ModalitiesInStudy',
    'ReferringPhysicianName',
    'PatientName',
    'PatientID',
    'StudyInstanceUID',
    'StudyID',
    'StudyDescription',
    'PatientBirthDate',
    'PatientSex',
  ],
  series: [
    'Modality',
    'SeriesInstanceUID',
    'SeriesNumber',
    'SeriesDescription',
    'PerformedProcedureStepStartDate',
    'PerformedProcedureStepStartTime',
  ],
  instances: ['SOPClassUID', 'SOPInstanceUID', 'InstanceNumber'],
};

const LEVELS: readonly QidoLevel[] = ['studies', 'series', 'instances'];

function tagsOf(keywords: readonly string[]): number[] {
  return keywords.map((k) => {
    const tag = tagOf(k);
    if (tag === undefined) throw new Error(`dictionary lacks ${k}`);
    return tag;
  });
}

/** Tags returned by default at a level (PS3.18 §10.6.3.3.1). */
export function defaultReturnTags(level: QidoLevel): number[] {
  return tagsOf(QIDO_DEFAULT_RETURN_KEYWORDS[level]);
}

/** Tags a query at `level` may match on: its own level and every level above it. */
export function matchableTags(level: QidoLevel): Set<number> {
  const upTo = LEVELS.slice(0, LEVELS.indexOf(level) + 1);
  return new Set(upTo.flatMap((l) => tagsOf(QIDO_MATCH_KEYWORDS[l])));
}
