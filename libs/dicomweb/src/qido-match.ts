import { Vr } from '@delineo/dicom';
import {
  DateTimeVr,
  hasWildcard,
  isQueryUid,
  isValidDateTime,
  tryParseRange,
  wildcardToSqlLike,
} from './qido-matching';

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
  );

const DATE_TIME_VRS = new Set<Vr>(['DA', 'TM', 'DT']);
const NUMBER_VRS = new Set<Vr>(['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD', 'SV', 'UV']);

/**
 * Turns the values given for one attribute into a match: undefined for universal matching (empty
 * or "*", PS3.4 §C.2.2.2.3), or a string naming the problem.
 */
export function toMatch(base: MatchBase, rawValues: string[]): QidoMatch | undefined | string {
  const values = rawValues.map((v) => v.trim());
  if (values.every((v) => v === '' || v === '*')) return undefined;
  if (base.vr === 'UI') return uidMatch(base, values);
  if (base.vr === 'CS') return codeMatch(base, values);
  if (values.length > 1) return 'repeated; only UI and CS attributes accept several values';
  const value = values[0];
  if (DATE_TIME_VRS.has(base.vr)) return dateTimeMatch(base, value, base.vr as DateTimeVr);
  if (value.includes('\\')) return 'multiple values are not supported';
  if (NUMBER_VRS.has(base.vr)) {
    return /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? { ...base, kind: 'single', value } : 'expected a number';
  }
  if (base.vr === 'SQ' || base.vr.startsWith('O') || base.vr === 'UN') return 'attribute cannot be matched';
  return hasWildcard(value)
    ? { ...base, kind: 'wildcard', value, like: wildcardToSqlLike(value) }
    : { ...base, kind: 'single', value };
}

/** List of UID matching (PS3.4 §C.2.2.2.2; PS3.18 §8.3.4.1 allows comma or backslash separators). */
function uidMatch(base: MatchBase, values: string[]): QidoMatch | string {
  const uids = split(values);
  if (uids.some((u) => !isQueryUid(u))) return 'expected UIDs (wildcards are not allowed)';
  return uids.length === 1 ? { ...base, kind: 'single', value: uids[0] } : { ...base, kind: 'uid-list', values: uids };
}

/** Code strings (e.g. Modality, ModalitiesInStudy) may list alternatives; a lone value may wildcard. */
function codeMatch(base: MatchBase, values: string[]): QidoMatch | string {
  const codes = split(values);
  if (codes.length === 1) {
    const value = codes[0];
    return hasWildcard(value)
      ? { ...base, kind: 'wildcard', value, like: wildcardToSqlLike(value) }
      : { ...base, kind: 'single', value };
  }
  if (codes.some(hasWildcard)) return 'wildcards are not allowed in a list';
  return { ...base, kind: 'list', values: codes };
}

function dateTimeMatch(base: MatchBase, value: string, vr: DateTimeVr): QidoMatch | string {
  if (isValidDateTime(value, vr)) return { ...base, kind: 'single', value };
  const range = tryParseRange(value, vr);
  return range ? { ...base, kind: 'range', ...range } : `not a valid ${vr} value or range`;
}

function split(values: string[]): string[] {
  const parts = values
    .flatMap((v) => v.split(/[,\\]/))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set(parts)];
}
