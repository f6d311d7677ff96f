import { tagOf } from '@delineo/dicom';
import { matchableTags, type QidoLevel, type QueryParams } from '@delineo/dicomweb';
import { isControlKey, type QrIdentifier, uidsOf } from './qr-identifier';

/** PS3.4 C.6.1.1.2 Table C.6-1: the Patient level's keys (the rest belong to the study and below). */
export const PATIENT_KEYS = new Set(['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex']);

export interface FindPlan {
  qidoLevel: QidoLevel;
  params: QueryParams;
  scope: { study?: string; series?: string };
  /** Keys with a value we do not match on: answered 0xFF01 (PS3.4 C.4.1.1.4). */
  unsupported: string[];
}

const QIDO_LEVEL = { PATIENT: 'studies', STUDY: 'studies', SERIES: 'series', IMAGE: 'instances' } as const;

/**
 * Translates a C-FIND identifier into a QIDO-RS search (PS3.18 §10.6 over the same index): each key
 * with a value becomes a matching parameter where QIDO matches it at that level (single value,
 * wildcard, range and UID list carry the same meaning in both, PS3.4 C.2.2.2); a single unique key
 * of a level above becomes the search's scope, as /studies/{uid}/series does. Every requested key
 * is also an includefield, so QIDO returns what it can of it.
 */
export function planFind(id: QrIdentifier): FindPlan {
  const qidoLevel = QIDO_LEVEL[id.level];
  const matchable = matchableTags(qidoLevel);
  const scope: FindPlan['scope'] = {};
  const study = uidsOf(id, 'StudyInstanceUID');
  const series = uidsOf(id, 'SeriesInstanceUID');
  if (id.level !== 'STUDY' && id.level !== 'PATIENT' && study.length === 1) scope.study = study[0];
  if (id.level === 'IMAGE' && series.length === 1) scope.series = series[0];
  const params: QueryParams = {};
  const unsupported: string[] = [...id.sequences];
  const include: string[] = [];
  for (const [keyword, value] of id.keys) {
    if (isControlKey(keyword)) continue;
    include.push(keyword);
    if (value.trim() === '' || value.trim() === '*') continue;
    if (keyword === 'StudyInstanceUID' && scope.study) continue;
    if (keyword === 'SeriesInstanceUID' && scope.series) continue;
    const allowed = id.level === 'PATIENT' ? PATIENT_KEYS.has(keyword) : true;
    if (allowed && matchable.has(tagOf(keyword)!)) params[keyword] = value;
    else unsupported.push(keyword);
  }
  if (include.length > 0) params.includefield = include.join(',');
  return { qidoLevel, params, scope, unsupported };
}
