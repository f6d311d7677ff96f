import { tagOf } from '@delineo/dicom';

export type QidoLevel = 'studies' | 'series' | 'instances';

/**
 * A matching key and the matching types (PS3.4 §C.2.2.2) this archive performs on it. Every key
 * also takes universal matching (empty or "*", §C.2.2.2.3) and empty value matching (`""`).
 * `items` lists the keys inside a sequence matched by sequence matching (§C.2.2.2.6).
 */
export interface QidoKeySpec {
  keyword: string;
  /** Wildcard matching (§C.2.2.2.4); off where the tables or our index cannot honour it. */
  wildcard: boolean;
  /** Several values, matched as alternatives (UID list §C.2.2.2.2, value list §C.2.2.2.8). */
  list: boolean;
  items?: readonly string[];
}

const key = (keyword: string, wildcard: boolean, list = true, items?: readonly string[]): QidoKeySpec => ({
  keyword,
  wildcard,
  list,
  ...(items ? { items } : {}),
});

/**
 * The matching keys per level: PS3.18 Tables 10.6.1-5 (study), 10.6.1-6 (series) and 10.6.1-7
 * (instance), plus the few further attributes the archive indexes (descriptions, body part,
 * birth date and sex). Patient attributes are study attributes (Study Root, PS3.18 §10.6.1.2.3).
 * ModalitiesInStudy takes a value or a list only: a study matches when any of its series has a
 * listed modality (PS3.4 §C.6.1.1.2), which is a set test, not a pattern.
 */
export const QIDO_MATCHING_KEYS: Readonly<Record<QidoLevel, readonly QidoKeySpec[]>> = {
  studies: [
    key('StudyDate', false, false),
    key('StudyTime', false, false),
    key('AccessionNumber', true),
    key('ModalitiesInStudy', false),
    key('ReferringPhysicianName', true),
    key('PatientName', true),
    key('PatientID', true),
    key('StudyInstanceUID', false),
    key('StudyID', true),
    key('StudyDescription', true),
    key('PatientBirthDate', false, false),
    key('PatientSex', true),
  ],
  series: [
    key('Modality', true),
    key('SeriesInstanceUID', false),
    key('SeriesNumber', false),
    key('PerformedProcedureStepStartDate', false, false),
    key('PerformedProcedureStepStartTime', false, false),
    key('RequestAttributesSequence', false, false, ['ScheduledProcedureStepID', 'RequestedProcedureID']),
    key('SeriesDescription', true),
    key('BodyPartExamined', true),
  ],
  instances: [key('SOPClassUID', false), key('SOPInstanceUID', false), key('InstanceNumber', false)],
};

/** Required return attributes per level: PS3.18 Tables 10.6.3-3, 10.6.3-4 and 10.6.3-5. */
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

export const QIDO_LEVELS: readonly QidoLevel[] = ['studies', 'series', 'instances'];

export function tagsOf(keywords: readonly string[]): number[] {
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

/** Levels a query at `level` may match on: its own and every level above it (PS3.18 §10.6.1.2). */
export function levelsUpTo(level: QidoLevel): QidoLevel[] {
  return QIDO_LEVELS.slice(0, QIDO_LEVELS.indexOf(level) + 1);
}

/** The key specs a query at `level` may match on, by tag. */
export function matchableKeys(level: QidoLevel): Map<number, QidoKeySpec> {
  return new Map(
    levelsUpTo(level).flatMap((l) => QIDO_MATCHING_KEYS[l].map((k) => [tagsOf([k.keyword])[0], k] as const)),
  );
}

/** Tags a query at `level` may match on: its own level and every level above it. */
export function matchableTags(level: QidoLevel): Set<number> {
  return new Set(matchableKeys(level).keys());
}
