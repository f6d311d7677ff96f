import { Vr } from '@delineo/dicom';
import {
  DateTimeVr,
  hasWildcard,
  isQueryUid,
  isValidDateTime,
  tryParseRange,
  wildcardToSqlLike,
} from './qido-matching';
import type { QidoKeySpec } from './qido-attributes';

interface MatchBase {
  tag: number;
  keyword: string;
  vr: Vr;
}

/** One matching key, in the vocabulary of PS3.4 §C.2.2.2. */
export type QidoMatch = MatchBase &
  (
    | { kind: 'single'; value: string }
    | { kind: 'wildcard'; value: string; like: string }
    | { kind: 'range'; from?: string; to?: string }
    | { kind: 'list'; values: string[] }
    | { kind: 'uid-list'; values: string[] }
    /** Empty value matching: `""` matches entities whose value is empty or absent (PS3.4 §C.2.2.2.1). */
    | { kind: 'empty' }
    /** Sequence matching (PS3.4 §C.2.2.2.6): an item of the sequence must match every item key. */
    | { kind: 'sequence'; items: QidoMatch[] }
  );

/** Most alternatives one key may list; more is a 400, never an unbounded SQL IN list. */
export const QIDO_MAX_VALUES = 100;

const DATE_TIME_VRS = new Set<Vr>(['DA', 'TM', 'DT']);
const NUMBER_VRS = new Set<Vr>(['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD', 'SV', 'UV']);
/** PS3.5 Table 6.2-1 maximum value lengths (PN: 64 per component group, three groups). */
const MAX_LENGTH: Partial<Record<Vr, number>> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 8,
  DS: 16,
  DT: 26,
  IS: 12,
  LO: 64,
  PN: 194,
  SH: 16,
  TM: 14,
  UI: 64,
};
const EMPTY_VALUE = '""';

/**
 * Turns the values given for one attribute into a match: undefined for universal matching (empty
 * or "*", PS3.4 §C.2.2.2.3), or a string naming the problem (never quoting the value).
 */
export function toMatch(base: MatchBase, spec: QidoKeySpec, raw: string): QidoMatch | undefined | string {
  const value = raw.trim();
  if (value === '' || value === '*') return undefined;
  if (value === EMPTY_VALUE) return { ...base, kind: 'empty' };
  if (base.vr === 'SQ' || base.vr.startsWith('O') || base.vr === 'UN') return 'attribute cannot be matched by value';
  if (DATE_TIME_VRS.has(base.vr)) return dateTimeMatch(base, value, base.vr as DateTimeVr);
  const values = split(value);
  if (values.length === 0) return undefined; // only separators: nothing to match (universal)
  if (values.length > QIDO_MAX_VALUES) return `more than ${QIDO_MAX_VALUES} values`;
  const max = MAX_LENGTH[base.vr] ?? 64;
  if (values.some((v) => v.length > max)) return `a value is longer than ${max} characters (PS3.5 ${base.vr})`;
  if (values.length > 1 && !spec.list) return 'takes one value, not a list';
  if (base.vr === 'UI') {
    if (values.some((u) => !isQueryUid(u))) return 'expected UIDs (wildcards are not allowed)';
    return values.length === 1 ? { ...base, kind: 'single', value: values[0] } : { ...base, kind: 'uid-list', values };
  }
  if (NUMBER_VRS.has(base.vr) && values.some((v) => !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v))) {
    return 'expected a number';
  }
  if (values.some(hasControl)) return 'control characters are not allowed';
  if (values.length > 1) {
    if (values.some(hasWildcard)) return 'wildcards are not allowed in a list';
    return { ...base, kind: 'list', values };
  }
  const one = values[0];
  if (!hasWildcard(one)) return { ...base, kind: 'single', value: one };
  if (!spec.wildcard || NUMBER_VRS.has(base.vr)) return 'wildcard matching is not supported on this attribute';
  return { ...base, kind: 'wildcard', value: one, like: wildcardToSqlLike(one) };
}

function dateTimeMatch(base: MatchBase, value: string, vr: DateTimeVr): QidoMatch | string {
  if (value.length > 2 * (MAX_LENGTH[vr] ?? 26) + 1) return `not a valid ${vr} value or range`;
  if (isValidDateTime(value, vr)) return { ...base, kind: 'single', value };
  const range = tryParseRange(value, vr);
  if (!range) return `not a valid ${vr} value or range`;
  if (range.from && range.to && normalise(range.from) > normalise(range.to)) return 'range ends before it starts';
  return { ...base, kind: 'range', ...range };
}

/** Comparable form of a DA/TM/DT bound for the start-before-end check (digits only). */
function normalise(v: string): string {
  return v.replace(/[^0-9]/g, '').padEnd(20, '0');
}

/** PS3.5 §6.2: the short string VRs exclude control characters (and ESC only starts a code extension). */
function hasControl(v: string): boolean {
  return [...v].some((c) => c.charCodeAt(0) < 0x20);
}

/** Values separated by commas or backslashes (PS3.18 §8.3.4.1), duplicates dropped. */
function split(value: string): string[] {
  const parts = value
    .split(/[,\\]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set(parts)];
}
