import { SelectQueryBuilder } from 'typeorm';
import { DbError } from './errors';
import { QIDO_COLUMNS, QidoColumn, QidoKey, SEQUENCE_ITEM_KEYS } from './qido-columns';

export type { QidoKey } from './qido-columns';

/** One matching key's condition (PS3.4 §C.2.2.2); values are already validated for their VR. */
export type QidoCondition =
  /** Single value, UID list or value list matching (§C.2.2.2.1, .2, .8). */
  | { key: QidoKey; op: 'in'; values: string[] }
  /** Wildcard matching with DICOM '*' and '?' (§C.2.2.2.4). */
  | { key: QidoKey; op: 'like'; pattern: string }
  /** Empty value matching: the stored value is empty or absent. */
  | { key: QidoKey; op: 'empty' }
  /** Inclusive range over a DA or TM key, either end open (§C.2.2.2.5). */
  | { key: QidoKey; op: 'range'; from?: string; to?: string }
  /** A date range and a time range combined into one date-time range (§C.2.2.2.5.1). */
  | { key: QidoKey; op: 'date-time-range'; timeKey: QidoKey; from?: DateTimeBound; to?: DateTimeBound }
  /** Sequence matching (§C.2.2.2.6): one item must satisfy every item condition. */
  | { key: 'RequestAttributesSequence'; op: 'item'; item: QidoItemCondition[] };

export type QidoItemCondition =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'like'; pattern: string }
  | { key: string; op: 'empty' };

export interface DateTimeBound {
  date: string;
  time?: string;
}

export interface QidoFilter {
  conditions?: QidoCondition[];
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  limit: number;
  offset: number;
}

/** Converts DICOM wildcards to a LIKE pattern, escaping LIKE's own metacharacters. */
export function dicomWildcardToLike(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

/** TM values compare as 12 digits: '.' dropped, padded with '0' (a lower bound) or '9' (upper). */
const tmSql = (expr: string) => `rpad(replace(coalesce(${expr}, ''), '.', ''), 12, '0')`;
const tmBound = (v: string, pad: '0' | '9') => v.replace('.', '').padEnd(12, pad);

/** Adds the filter's WHERE clauses and paging to qb; every value is a named parameter. */
export function applyQidoFilter(qb: SelectQueryBuilder<object>, filter: QidoFilter, allowed: readonly QidoKey[]): void {
  let n = 0;
  const param = (value: unknown): string => {
    const name = `q${n++}`;
    qb.setParameter(name, value);
    return name;
  };
  for (const c of filter.conditions ?? []) {
    if (!allowed.includes(c.key)) throw new DbError('db/unknown-query-attribute', `cannot match on ${c.key} here`);
    qb.andWhere(conditionSql(QIDO_COLUMNS[c.key], c, param));
  }
  if (filter.studyInstanceUid !== undefined) {
    qb.andWhere(`"st"."study_instance_uid" = :${param(filter.studyInstanceUid)}`);
  }
  if (filter.seriesInstanceUid !== undefined) {
    qb.andWhere(`"se"."series_instance_uid" = :${param(filter.seriesInstanceUid)}`);
  }
  if (!Number.isInteger(filter.limit) || filter.limit < 0 || !Number.isInteger(filter.offset) || filter.offset < 0) {
    throw new DbError('db/invalid-paging', 'limit and offset must be non-negative integers');
  }
  qb.limit(filter.limit).offset(filter.offset);
}

function conditionSql(col: QidoColumn, c: QidoCondition, param: (v: unknown) => string): string {
  if (col.kind === 'modalities') return modalitiesSql(c, param);
  if (c.op === 'item') {
    if (col.kind !== 'sequence') throw new DbError('db/unknown-query-attribute', `${c.key} is not a sequence`);
    const item = c.item.map((i) => valueSql(itemExpr(i.key), 'text', i, param)).join(' AND ');
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${col.sql}) = 'array' THEN ${col.sql} ELSE '[]'::jsonb END) "item" WHERE ${item || 'true'})`;
  }
  if (col.kind === 'sequence') {
    if (c.op !== 'empty') throw new DbError('db/unknown-query-attribute', `${c.key} takes sequence matching`);
    return `coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(${col.sql}) = 'array' THEN ${col.sql} END), 0) = 0`;
  }
  if (c.op === 'date-time-range') return dateTimeSql(col, QIDO_COLUMNS[c.timeKey], c, param);
  return valueSql(col.sql, col.kind, c, param);
}

function itemExpr(key: string): string {
  if (!SEQUENCE_ITEM_KEYS.includes(key)) throw new DbError('db/unknown-query-attribute', `no item key ${key}`);
  return `("item"->>'${key}')`;
}

type ValueCondition =
  | { op: 'in'; values: string[] }
  | { op: 'like'; pattern: string }
  | { op: 'empty' }
  | { op: 'range'; from?: string; to?: string };

function valueSql(expr: string, kind: QidoColumn['kind'], c: ValueCondition, param: (v: unknown) => string): string {
  switch (c.op) {
    case 'empty':
      return kind === 'int' ? `${expr} IS NULL` : `coalesce(${expr}, '') = ''`;
    case 'in':
      if (kind === 'int') {
        if (c.values.some((v) => !/^[+-]?\d{1,9}$/.test(v))) return 'false'; // no integer column holds it
        return `${expr} IN (:...${param(c.values.map(Number))})`;
      }
      if (kind === 'pn') return `lower(${expr}) IN (:...${param(c.values.map((v) => v.toLowerCase()))})`;
      if (kind === 'tm')
        return c.values.map((v) => valueSql(expr, kind, { op: 'range', from: v, to: v }, param)).join(' OR ');
      return `${expr} IN (:...${param(c.values)})`;
    case 'like': {
      if (kind === 'int') throw new DbError('db/unknown-query-attribute', 'no wildcard matching on numbers');
      const like = dicomWildcardToLike(c.pattern);
      return kind === 'pn'
        ? `lower(${expr}) LIKE :${param(like.toLowerCase())} ESCAPE '\\'`
        : `${expr} LIKE :${param(like)} ESCAPE '\\'`;
    }
    case 'range':
      return rangeSql(expr, kind, c, param);
  }
}

function rangeSql(
  expr: string,
  kind: QidoColumn['kind'],
  c: { from?: string; to?: string },
  param: (v: unknown) => string,
): string {
  const parts: string[] = [];
  if (kind === 'tm') {
    if (c.from !== undefined) parts.push(`${tmSql(expr)} >= :${param(tmBound(c.from, '0'))}`);
    if (c.to !== undefined) parts.push(`${tmSql(expr)} <= :${param(tmBound(c.to, '9'))}`);
    parts.push(`coalesce(${expr}, '') <> ''`);
  } else if (kind === 'da') {
    if (c.from !== undefined) parts.push(`${expr} >= :${param(c.from)}`);
    if (c.to !== undefined) parts.push(`${expr} <= :${param(c.to)}`);
    parts.push(`${expr} <> ''`);
  } else throw new DbError('db/unknown-query-attribute', 'range matching needs a date or time');
  return `(${parts.join(' AND ')})`;
}

/**
 * PS3.4 §C.2.2.2.5.1: with both a date and a time range, the two bound one interval from
 * (from.date, from.time) to (to.date, to.time). The plain date bounds stay as well, so the date
 * index still narrows the scan.
 */
function dateTimeSql(
  date: QidoColumn,
  time: QidoColumn,
  c: { from?: DateTimeBound; to?: DateTimeBound },
  param: (v: unknown) => string,
): string {
  const parts = [rangeSql(date.sql, 'da', { from: c.from?.date, to: c.to?.date }, param)];
  const t = tmSql(time.sql);
  if (c.from) {
    const d = param(c.from.date);
    const tm = param(tmBound(c.from.time ?? '', '0'));
    parts.push(`(${date.sql} > :${d} OR ${t} >= :${tm})`);
  }
  if (c.to) {
    const d = param(c.to.date);
    const tm = param(tmBound(c.to.time ?? '', '9'));
    parts.push(`(${date.sql} < :${d} OR ${t} <= :${tm})`);
  }
  return `(${parts.join(' AND ')})`;
}

/**
 * ModalitiesInStudy (PS3.4 §C.6.1.1.2): a study matches when one of its series has a listed
 * modality; empty value matching finds studies none of whose series has a modality.
 */
function modalitiesSql(c: QidoCondition, param: (v: unknown) => string): string {
  const series = `SELECT 1 FROM "series" "ms" WHERE "ms"."study_id" = "st"."id"`;
  if (c.op === 'in') return `EXISTS (${series} AND "ms"."modality" IN (:...${param(c.values)}))`;
  if (c.op === 'empty') return `NOT EXISTS (${series} AND coalesce("ms"."modality", '') <> '')`;
  throw new DbError('db/unknown-query-attribute', 'ModalitiesInStudy takes a value or a list');
}
