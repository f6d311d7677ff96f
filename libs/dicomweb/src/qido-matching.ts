import { DicomWebError } from './errors';

export type DateTimeVr = 'DA' | 'TM' | 'DT';

export interface DateRange {
  from?: string;
  to?: string;
}

/** PS3.5 §6.2: DA is YYYYMMDD; TM is HH[MM[SS[.F{1,6}]]]; DT is YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]. */
const FORMATS: Record<DateTimeVr, RegExp> = {
  DA: /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/,
  TM: /^([01]\d|2[0-3])([0-5]\d([0-5]\d(\.\d{1,6})?)?)?$/,
  DT: /^\d{4}((0[1-9]|1[0-2])((0[1-9]|[12]\d|3[01])(([01]\d|2[0-3])([0-5]\d([0-5]\d(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/,
};

export function isValidDateTime(value: string, vr: DateTimeVr): boolean {
  return FORMATS[vr].test(value);
}

/**
 * Range matching (PS3.4 §C.2.2.2.5): "from-to", "from-" or "-to"; a value without "-" matches one
 * instant, so from = to. Because a DT may carry a "-ZZXX" UTC offset, a value that is a valid DT
 * on its own is a single value, and otherwise the split is taken where both sides are valid.
 * Returns undefined when the value is neither.
 */
export function tryParseRange(value: string, vr: DateTimeVr): DateRange | undefined {
  if (isValidDateTime(value, vr)) return { from: value, to: value };
  for (let i = value.indexOf('-'); i >= 0; i = value.indexOf('-', i + 1)) {
    const from = value.slice(0, i);
    const to = value.slice(i + 1);
    if (from === '' && to === '') return undefined;
    if ((from === '' || isValidDateTime(from, vr)) && (to === '' || isValidDateTime(to, vr))) {
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
  }
  return undefined;
}

/** Like tryParseRange for DA values, throwing dicomweb/bad-query when the value is invalid. */
export function parseDateRange(value: string, vr: DateTimeVr = 'DA'): DateRange {
  const range = tryParseRange(value, vr);
  if (!range) throw new DicomWebError('dicomweb/bad-query', `not a valid ${vr} value or range`);
  return range;
}

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * Wildcard matching (PS3.4 §C.2.2.2.4: "*" any run, "?" one character) as a SQL LIKE pattern.
 * LIKE's own metacharacters and the escape character are escaped with a backslash, so the caller
 * must write `LIKE $1 ESCAPE '\'`.
 */
export function wildcardToSqlLike(value: string): string {
  let out = '';
  for (const c of value) {
    if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else if (c === '%' || c === '_' || c === '\\') out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** PS3.5 §9.1: UID components are digits separated by dots, 64 characters at most. */
export function isQueryUid(value: string): boolean {
  return value.length <= 64 && /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/.test(value);
}
