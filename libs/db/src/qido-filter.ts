import { SelectQueryBuilder } from 'typeorm';
import { DbError } from './errors';

/** QIDO-RS matching keys (DICOM keywords) the archive can answer, per level (PS3.18 10.6.1.2). */
export type QidoStudyKey =
  | 'StudyInstanceUID'
  | 'PatientID'
  | 'StudyDate'
  | 'StudyTime'
  | 'AccessionNumber'
  | 'StudyDescription'
  | 'ModalitiesInStudy';
export type QidoSeriesKey =
  QidoStudyKey | 'SeriesInstanceUID' | 'Modality' | 'SeriesNumber' | 'SeriesDescription' | 'BodyPartExamined';
export type QidoInstanceKey = QidoSeriesKey | 'SOPInstanceUID' | 'SOPClassUID' | 'InstanceNumber';

export interface QidoFilter<K extends string> {
  /** Single value or UID list matching (PS3.4 C.2.2.2.2). */
  equals?: Partial<Record<K, string | string[]>>;
  /** Wildcard matching with DICOM '*' and '?' (PS3.4 C.2.2.2.4). */
  like?: Partial<Record<K, string>>;
  /** Inclusive range over a DA column, 'YYYYMMDD' bounds (PS3.4 C.2.2.2.5). */
  dateRange?: { column: 'StudyDate'; from?: string; to?: string };
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  limit: number;
  offset: number;
}

interface Column {
  sql: string;
  kind: 'text' | 'int';
}

/** The whitelist: user input selects a key here and only ever reaches SQL as a bound parameter. */
export const QIDO_COLUMNS: Record<QidoInstanceKey, Column> = {
  StudyInstanceUID: { sql: '"st"."study_instance_uid"', kind: 'text' },
  PatientID: { sql: '"p"."pseudo_patient_id"', kind: 'text' },
  StudyDate: { sql: '"st"."study_date"', kind: 'text' },
  StudyTime: { sql: '"st"."study_time"', kind: 'text' },
  AccessionNumber: { sql: '"st"."accession_number"', kind: 'text' },
  StudyDescription: { sql: '"st"."study_description"', kind: 'text' },
  ModalitiesInStudy: { sql: '"st"."modalities_in_study"', kind: 'text' },
  SeriesInstanceUID: { sql: '"se"."series_instance_uid"', kind: 'text' },
  Modality: { sql: '"se"."modality"', kind: 'text' },
  SeriesNumber: { sql: '"se"."series_number"', kind: 'int' },
  SeriesDescription: { sql: '"se"."series_description"', kind: 'text' },
  BodyPartExamined: { sql: '"se"."body_part_examined"', kind: 'text' },
  SOPInstanceUID: { sql: '"i"."sop_instance_uid"', kind: 'text' },
  SOPClassUID: { sql: '"i"."sop_class_uid"', kind: 'text' },
  InstanceNumber: { sql: '"i"."instance_number"', kind: 'int' },
};

/** Converts DICOM wildcards to a LIKE pattern, escaping LIKE's own metacharacters. */
export function dicomWildcardToLike(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

function column(allowed: readonly string[], key: string): Column {
  if (!allowed.includes(key)) {
    throw new DbError('db/unknown-query-attribute', `cannot match on ${key} at this level`);
  }
  return QIDO_COLUMNS[key as QidoInstanceKey];
}

function checkValue(col: Column, key: string, value: string): string {
  if (col.kind === 'int' && !/^-?\d{1,9}$/.test(value)) {
    throw new DbError('db/invalid-query-value', `${key} must be an integer`);
  }
  return value;
}

/** Adds the filter's WHERE clauses and paging to qb; every value is a named parameter. */
export function applyQidoFilter<K extends string>(
  qb: SelectQueryBuilder<object>,
  filter: QidoFilter<K>,
  allowed: readonly K[],
): void {
  let n = 0;
  const param = () => `q${n++}`;
  for (const [key, raw] of Object.entries(filter.equals ?? {}) as [K, string | string[]][]) {
    const col = column(allowed, key);
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => checkValue(col, key, v));
    const p = param();
    if (key === 'ModalitiesInStudy') {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM "series" "ms" WHERE "ms"."study_id" = "st"."id" AND "ms"."modality" IN (:...${p}))`,
        { [p]: values },
      );
    } else {
      qb.andWhere(`${col.sql} IN (:...${p})`, { [p]: values });
    }
  }
  for (const [key, pattern] of Object.entries(filter.like ?? {}) as [K, string][]) {
    const col = column(allowed, key);
    if (col.kind !== 'text' || key === 'ModalitiesInStudy') {
      throw new DbError('db/unknown-query-attribute', `wildcard matching is not supported on ${key}`);
    }
    const p = param();
    qb.andWhere(`${col.sql} LIKE :${p}`, { [p]: dicomWildcardToLike(pattern) });
  }
  applyDateRange(qb, filter.dateRange, param);
  if (filter.studyInstanceUid !== undefined) {
    qb.andWhere(`"st"."study_instance_uid" = :scopeStudy`, { scopeStudy: filter.studyInstanceUid });
  }
  if (filter.seriesInstanceUid !== undefined) {
    qb.andWhere(`"se"."series_instance_uid" = :scopeSeries`, { scopeSeries: filter.seriesInstanceUid });
  }
  if (!Number.isInteger(filter.limit) || filter.limit < 0 || !Number.isInteger(filter.offset) || filter.offset < 0) {
    throw new DbError('db/invalid-paging', 'limit and offset must be non-negative integers');
  }
  qb.limit(filter.limit).offset(filter.offset);
}

function applyDateRange(
  qb: SelectQueryBuilder<object>,
  range: QidoFilter<string>['dateRange'],
  param: () => string,
): void {
  if (!range) return;
  if (range.column !== 'StudyDate') {
    throw new DbError('db/unknown-query-attribute', `range matching is not supported on ${String(range.column)}`);
  }
  for (const [bound, op] of [
    [range.from, '>='],
    [range.to, '<='],
  ] as const) {
    if (bound === undefined) continue;
    if (!/^\d{8}$/.test(bound)) throw new DbError('db/invalid-date-range', 'dates must be YYYYMMDD');
    const p = param();
    qb.andWhere(`"st"."study_date" ${op} :${p}`, { [p]: bound });
  }
}
