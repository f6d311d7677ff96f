import { SERIES_STATES, type SeriesListQuery, type SeriesState } from '@delineo/db';
import { DicomWebError } from '@delineo/dicomweb';

/** Page size bounds of GET /api/v1/series: the console shows 25–100; 200 keeps one page's detail reads small. */
export const SERIES_LIST_MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;
/** Offset paging re-reads every skipped row; deeper pages use the cursor. */
export const SERIES_LIST_MAX_OFFSET = 10_000;
const PARAMS = ['limit', 'offset', 'cursor', 'count', 'state', 'model', 'modality', 'from', 'to', 'rule'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 date-time with a zone (a local time would depend on the gateway's time zone).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
// Modality is a CS value (PS3.5 §6.2): upper case, digits, space and underscore, 16 characters at most.
const CS = /^[A-Z0-9 _]{1,16}$/;

type Raw = Record<string, string | string[] | undefined>;

/**
 * Reads the list's query string, collecting EVERY problem before answering 400 (one problem+json
 * with all of them), so a console form can mark each field at once.
 */
export function parseSeriesListQuery(raw: Raw): SeriesListQuery {
  const problems: string[] = [];
  const one = (name: string): string | undefined => {
    const v = raw[name];
    if (Array.isArray(v)) {
      problems.push(`${name} may be given once`);
      return undefined;
    }
    return v;
  };
  for (const name of Object.keys(raw)) if (!PARAMS.includes(name)) problems.push(`unknown parameter ${name}`);
  const int = (name: string, min: number, max: number, dflt: number): number => {
    const v = one(name);
    if (v === undefined) return dflt;
    if (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max) return Number(v);
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return dflt;
  };
  const text = (name: string, pattern = /^[\x21-\x7e][\x20-\x7e]{0,63}$/): string | undefined => {
    const v = one(name);
    if (v !== undefined && !pattern.test(v)) problems.push(`${name} is not a valid value`);
    return v;
  };
  const limit = int('limit', 1, SERIES_LIST_MAX_LIMIT, DEFAULT_LIMIT);
  const offset = int('offset', 0, SERIES_LIST_MAX_OFFSET, 0);
  const after = text('cursor', UUID);
  if (after !== undefined && raw.offset !== undefined) problems.push('cursor and offset cannot be combined');
  const count = one('count');
  if (count !== undefined && count !== 'true' && count !== 'false') problems.push('count must be true or false');
  const states = stateList(raw.state, problems);
  const receivedFrom = instant('from', one('from'), false, problems);
  const receivedTo = instant('to', one('to'), true, problems);
  if (receivedFrom && receivedTo && receivedFrom >= receivedTo) problems.push('from must be before to');
  const q: SeriesListQuery = {
    limit,
    offset,
    after,
    // The exact total costs a pass over every match: by default only on a first page.
    count: count === undefined ? after === undefined : count === 'true',
    states,
    model: text('model'),
    modality: text('modality', CS),
    rule: text('rule'),
    receivedFrom,
    receivedTo,
  };
  if (problems.length) throw new DicomWebError('dicomweb/bad-query', problems.join('; '), problems);
  return q;
}

/** `state=failed,queued` or `state=failed&state=queued`. */
function stateList(v: string | string[] | undefined, problems: string[]): SeriesState[] | undefined {
  if (v === undefined) return undefined;
  const names = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(','));
  const bad = names.filter((s) => !(SERIES_STATES as readonly string[]).includes(s));
  if (bad.length) problems.push(`state must be among ${SERIES_STATES.join(', ')}`);
  return [...new Set(names)] as SeriesState[];
}

/** An ISO 8601 date (a whole UTC day: `to` includes it) or a date-time with its zone. */
function instant(name: string, v: string | undefined, end: boolean, problems: string[]): Date | undefined {
  if (v === undefined) return undefined;
  const d = DATE.test(v) ? new Date(`${v}T00:00:00Z`) : DATE_TIME.test(v) ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime()) || (DATE.test(v) && d.toISOString().slice(0, 10) !== v)) {
    problems.push(`${name} must be an ISO 8601 date (YYYY-MM-DD) or date-time with a zone`);
    return undefined;
  }
  return end && DATE.test(v) ? new Date(d.getTime() + 86_400_000) : d;
}
