import { dictionaryVr, formatTag, keywordOf, tagOf, Vr } from '@delineo/dicom';
import { DicomWebError } from './errors';
import { defaultReturnTags, matchableTags, QidoLevel } from './qido-attributes';
import { QidoMatch, toMatch } from './qido-match';

export interface QidoQuery {
  level: QidoLevel;
  /** Constraints, all of which must hold (PS3.4 §C.2.2.2). */
  matches: QidoMatch[];
  /** includefield values plus universal-match keys; 'all' when includefield=all. */
  includeFields: number[] | 'all';
  limit?: number;
  offset: number;
  fuzzymatching: boolean;
  /** Valid attributes this gateway does not match on; the caller reports them in a Warning header. */
  ignored: number[];
}

export type QueryParams = Record<string, string | string[] | undefined>;

/** PS3.18 Table 8.3.4-1 query parameters other than attribute matches. */
const RESERVED = new Set(['includefield', 'fuzzymatching', 'limit', 'offset']);
const MAX_INT = 0x7fffffff;

/**
 * Parses QIDO-RS query parameters (PS3.18 §8.3.4, §10.6.1) into a plain structure that the data
 * layer translates to SQL. Keys are attribute keywords or 8-hex tags. Every problem is collected
 * and reported at once as dicomweb/bad-query; messages name keys, never values.
 */
export function parseQidoQuery(level: QidoLevel, query: QueryParams): QidoQuery {
  const problems: string[] = [];
  const result: QidoQuery = { level, matches: [], includeFields: [], offset: 0, fuzzymatching: false, ignored: [] };
  const byTag = new Map<number, { key: string; values: string[] }>();
  const matchable = matchableTags(level);
  for (const [key, raw] of Object.entries(query)) {
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const reserved = key.toLowerCase();
    if (RESERVED.has(reserved)) {
      parseReserved(reserved, values, result, problems);
      continue;
    }
    const tag = resolveAttribute(key);
    if (tag === undefined) {
      problems.push(
        key.includes('.')
          ? `${short(key)}: sequence matching is not supported`
          : `unknown query parameter ${short(key)}`,
      );
    } else if (!matchable.has(tag)) {
      result.ignored.push(tag);
    } else {
      const entry = byTag.get(tag) ?? { key, values: [] };
      entry.values.push(...values);
      byTag.set(tag, entry);
    }
  }
  const universal: number[] = [];
  for (const [tag, { key, values }] of byTag) {
    const vr: Vr = dictionaryVr(tag);
    const outcome = toMatch({ tag, keyword: keywordOf(tag) ?? formatTag(tag), vr }, values);
    if (typeof outcome === 'string') problems.push(`${short(key)}: ${outcome}`);
    else if (outcome === undefined) universal.push(tag);
    else result.matches.push(outcome);
  }
  if (problems.length > 0)
    throw new DicomWebError('dicomweb/bad-query', `bad QIDO-RS query: ${problems.join('; ')}`, problems);
  if (result.includeFields !== 'all') result.includeFields = [...new Set([...result.includeFields, ...universal])];
  return result;
}

/** Attributes to return (PS3.18 §10.6.3.3): defaults, includefield and matching keys. */
export function returnAttributes(query: QidoQuery): number[] | 'all' {
  if (query.includeFields === 'all') return 'all';
  return [...new Set([...defaultReturnTags(query.level), ...query.includeFields, ...query.matches.map((m) => m.tag)])];
}

function parseReserved(name: string, values: string[], result: QidoQuery, problems: string[]): void {
  if (name === 'includefield') {
    for (const field of values
      .flatMap((v) => v.split(','))
      .map((f) => f.trim())
      .filter((f) => f !== '')) {
      const tag = field === 'all' ? 'all' : resolveAttribute(field);
      if (tag === undefined) problems.push(`includefield: unknown attribute ${short(field)}`);
      else if (tag === 'all' || result.includeFields === 'all') result.includeFields = 'all';
      else result.includeFields.push(tag);
    }
    return;
  }
  if (values.length !== 1) return void problems.push(`${name}: expected exactly one value`);
  const value = values[0].trim();
  if (name === 'fuzzymatching') {
    if (!/^(true|false)$/i.test(value)) problems.push('fuzzymatching: expected true or false');
    else result.fuzzymatching = value.toLowerCase() === 'true';
    return;
  }
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n <= MAX_INT)) return void problems.push(`${name}: expected a non-negative integer`);
  if (name === 'limit') result.limit = n;
  else result.offset = n;
}

/** A keyword (PS3.6) or 8 hex digits; undefined when neither. */
function resolveAttribute(key: string): number | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(key)) return parseInt(key, 16) >>> 0;
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? tagOf(key) : undefined;
}

function short(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}
