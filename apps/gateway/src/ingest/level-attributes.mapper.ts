import { Dataset, dictionaryVr, tagOf } from '@delineo/dicom';
import type { LevelAttributes } from '@delineo/db';

/**
 * Study- and series-level attributes that QIDO-RS matches and returns (PS3.18 Tables 10.6.1-5,
 * 10.6.1-6, 10.6.3-3, 10.6.3-4) but that have no archive column. Whatever de-identification left
 * in the dataset is kept: the Basic Profile empties ReferringPhysicianName and StudyID, removes
 * RequestAttributesSequence, and the options decide PatientSex and shifted procedure dates.
 */
export const STUDY_LEVEL_KEYWORDS = [
  'PatientName',
  'PatientBirthDate',
  'PatientSex',
  'PatientAge',
  'ReferringPhysicianName',
  'StudyID',
  'TimezoneOffsetFromUTC',
] as const;

export const SERIES_LEVEL_KEYWORDS = [
  'SeriesDate',
  'SeriesTime',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'RequestAttributesSequence',
  'ProtocolName',
  'Laterality',
  'Manufacturer',
  'ManufacturerModelName',
] as const;

/** Items of RequestAttributesSequence keep only the keys sequence matching reads (Table 10.6.1-6). */
const ITEM_KEYWORDS = ['ScheduledProcedureStepID', 'RequestedProcedureID'] as const;

/**
 * Reads those attributes from a DE-IDENTIFIED dataset (never the original): a value is the
 * element's values joined with '\' (PS3.5 §6.4); absent and empty elements are left out.
 */
export function levelAttributes(ds: Dataset, keywords: readonly string[]): LevelAttributes | null {
  const out: LevelAttributes = {};
  for (const keyword of keywords) {
    const tag = tagOf(keyword)!;
    const el = ds.get(tag);
    if (!el) continue;
    if (dictionaryVr(tag) === 'SQ') {
      const items = (el.items ?? []).map((item) => flat(item, ITEM_KEYWORDS));
      if (items.length > 0) out[keyword] = items;
      continue;
    }
    const value = ds.strings(tag).join('\\');
    if (value.replace(/\\/g, '') !== '') out[keyword] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function flat(ds: Dataset, keywords: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const keyword of keywords) {
    const value = ds.strings(tagOf(keyword)!).join('\\');
    if (value !== '') out[keyword] = value;
  }
  return out;
}
