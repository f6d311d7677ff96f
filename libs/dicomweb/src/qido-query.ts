import { dictionaryVr, formatTag, keywordOf, tagOf } from '@delineo/dicom';
import { DicomWebError } from './errors';
import { defaultReturnTags, matchableKeys, QidoKeySpec, QidoLevel } from './qido-attributes';
import { QidoMatch, toMatch } from './qido-match';

export interface QidoQuery {
  level: QidoLevel;
  /** Constraints, all of which must hold (PS3.4 §C.2.2.2). */
  matches: QidoMatch[];
  /** includefield values plus universal-match keys (a dotted path names its sequence); or 'all'. */
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
/** More distinct parameters than any level has keys (plus the reserved ones) is not a real query. */
export const QIDO_MAX_PARAMETERS = 64;

/**
 * Parses QIDO-RS query parameters (PS3.18 §8.3.4, §10.6.1) into a plain structure that the data
 * layer translates to SQL. Keys are keywords, 8-hex tags, or dotted sequence paths of either.
 * Every problem is collected and reported at once as dicomweb/bad-query; messages name keys,
 * never values (query values are often PHI).
 */
export function parseQidoQuery(level: QidoLevel, query: QueryParams): QidoQuery {
  const problems: string[] = [];
  const result: QidoQuery = { level, matches: [], includeFields: [], offset: 0, fuzzymatching: false, ignored: [] };
  const keys = matchableKeys(level);
  const seen = new Set<string>();
  const universal: number[] = [];
  const sequenceItems = new Map<number, QidoMatch[]>();
  const entries = Object.entries(query);
  if (entries.length > QIDO_MAX_PARAMETERS) problems.push(`more than ${QIDO_MAX_PARAMETERS} query parameters`);
  for (const [key, raw] of entries.slice(0, QIDO_MAX_PARAMETERS)) {
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    // A query parser may hand over nested objects (`a[b]=c`): only plain strings are values.
    if (values.some((v) => typeof v !== 'string')) {
      problems.push(`${short(key)}: expected a plain value`);
      continue;
    }
    const reserved = key.toLowerCase();
    if (RESERVED.has(reserved)) {
      parseReserved(reserved, values, result, problems);
      continue;
    }
    const path = resolvePath(key);
    if (!path) {
      problems.push(`unknown query parameter ${short(key)}`);
      continue;
    }
    const id = path.map(formatTag).join('.');
    if (seen.has(id)) {
      problems.push(`${short(key)}: given more than once`);
      continue;
    }
    seen.add(id);
    if (values.length !== 1) {
      problems.push(`${short(key)}: given more than once`);
      continue;
    }
    const spec = keys.get(path[0]);
    if (!spec) {
      if (path.length === 1) result.ignored.push(path[0]);
      else problems.push(`${short(key)}: sequence matching is not supported on this attribute`);
      continue;
    }
    const outcome = matchOf(path, spec, values[0]);
    if (typeof outcome === 'string') problems.push(`${short(key)}: ${outcome}`);
    else if (outcome === undefined) universal.push(path[0]);
    else if (path.length === 2) sequenceItems.set(path[0], [...(sequenceItems.get(path[0]) ?? []), outcome]);
    else result.matches.push(outcome);
  }
  for (const [tag, items] of sequenceItems) {
    if (result.matches.some((m) => m.tag === tag)) problems.push(`${keywordOf(tag)}: matched both whole and by item`);
    result.matches.push({ ...base(tag), kind: 'sequence', items });
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

function base(tag: number): { tag: number; keyword: string; vr: ReturnType<typeof dictionaryVr> } {
  return { tag, keyword: keywordOf(tag) ?? formatTag(tag), vr: dictionaryVr(tag) };
}

function matchOf(path: number[], spec: QidoKeySpec, value: string): QidoMatch | undefined | string {
  if (path.length === 1) return toMatch(base(path[0]), spec, value);
  const item = keywordOf(path[1]);
  if (path.length > 2 || !item || !spec.items?.includes(item)) return 'not a sequence matching key of this sequence';
  return toMatch(base(path[1]), { keyword: item, wildcard: true, list: true }, value);
}

function parseReserved(name: string, values: string[], result: QidoQuery, problems: string[]): void {
  if (name === 'includefield') {
    for (const field of values
      .flatMap((v) => v.split(','))
      .map((f) => f.trim())
      .filter((f) => f !== '')) {
      // A dotted path returns its whole top-level sequence (PS3.18 §8.3.4.3).
      const path = field === 'all' ? undefined : resolvePath(field);
      if (field === 'all' || result.includeFields === 'all') result.includeFields = 'all';
      else if (!path) problems.push(`includefield: unknown attribute ${short(field)}`);
      else result.includeFields.push(path[0]);
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

/** Keywords (PS3.6) or 8 hex digits, joined by '.' for a sequence path; undefined when not that. */
function resolvePath(key: string): number[] | undefined {
  const parts = key.split('.');
  if (parts.length > 4) return undefined;
  const tags = parts.map(resolveAttribute);
  if (tags.some((t) => t === undefined)) return undefined;
  const path = tags as number[];
  // Every element of a path but the last must be a sequence.
  return path.slice(0, -1).every((t) => dictionaryVr(t) === 'SQ') ? path : undefined;
}

function resolveAttribute(key: string): number | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(key)) return parseInt(key, 16) >>> 0;
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? tagOf(key) : undefined;
}

function short(key: string): string {
  const clean = key.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}
