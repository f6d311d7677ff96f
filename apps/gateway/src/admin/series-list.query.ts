import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, type ValidationArguments } from 'class-validator';
import { SERIES_STATES, type SeriesListQuery, type SeriesState } from '@delineo/db';

/** Page size bounds of GET /api/v1/series: the console shows 25–100; 200 keeps one page's detail reads small. */
export const SERIES_LIST_MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;
/** Offset paging re-reads every skipped row; deeper pages use the cursor. */
export const SERIES_LIST_MAX_OFFSET = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 date-time with a zone (a local time would depend on the gateway's time zone).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
// Modality is a CS value (PS3.5 §6.2): upper case, digits, space and underscore, 16 characters at most.
const CS = /^[A-Z0-9 _]{1,16}$/;
const TEXT = /^[\x21-\x7e][\x20-\x7e]{0,63}$/;

/**
 * One check, one message per field: a bad value is named once (not once per constraint), and a
 * repeated scalar (`?model=a&model=b` is an array) fails as not being one string.
 */
const Check = (name: string, test: (v: unknown, a: ValidationArguments) => boolean, message: string) =>
  ValidateBy({ name, validator: { validate: test, defaultMessage: () => message } });
const one = (pattern: RegExp) => (v: unknown) => typeof v === 'string' && pattern.test(v);
const intIn = (min: number, max: number) => (v: unknown) =>
  typeof v === 'string' && /^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max;
const other = (a: ValidationArguments, key: string) => (a.object as Record<string, unknown>)[key];

/** `state=failed,queued` or `state=failed&state=queued`, each once. */
const stateList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || Array.isArray(value)
    ? [...new Set(([] as unknown[]).concat(value).flatMap((s) => String(s).split(',')))]
    : value;

/** An ISO 8601 date (a whole UTC day: as `to` it includes that day) or a date-time with its zone. */
export function instant(v: unknown, end = false): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const day = DATE.test(v);
  const d = day ? new Date(`${v}T00:00:00Z`) : DATE_TIME.test(v) ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime()) || (day && d.toISOString().slice(0, 10) !== v)) return undefined;
  return end && day ? new Date(d.getTime() + 86_400_000) : d;
}
/** An empty range is refused; a bad bound is reported by its own check only. */
const before = (from?: Date, to?: Date): boolean => !from || !to || from < to;
const INSTANT = 'must be an ISO 8601 date (YYYY-MM-DD) or date-time with a zone';

/** The query of GET /api/v1/series: every problem is answered at once (request/invalid). */
export class SeriesListQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: SERIES_LIST_MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Check('limit', intIn(1, SERIES_LIST_MAX_LIMIT), `limit must be an integer from 1 to ${SERIES_LIST_MAX_LIMIT}`)
  limit?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: SERIES_LIST_MAX_OFFSET, default: 0 })
  @IsOptional()
  @Check('offset', intIn(0, SERIES_LIST_MAX_OFFSET), `offset must be an integer from 0 to ${SERIES_LIST_MAX_OFFSET}`)
  offset?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: "The previous page's `next` (not with offset)" })
  @IsOptional()
  @Check('cursor', one(UUID), 'cursor must be the `next` of a page')
  @Check('cursorAlone', (_, a) => other(a, 'offset') === undefined, 'cursor and offset cannot be combined')
  cursor?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Exact `total` (default: only without a cursor)' })
  @IsOptional()
  @Check('count', (v) => v === 'true' || v === 'false', 'count must be true or false')
  count?: string;

  @ApiPropertyOptional({
    enum: SERIES_STATES,
    isArray: true,
    maxItems: SERIES_STATES.length,
    description: 'One or several, comma-separated or repeated',
  })
  @IsOptional()
  @Transform(stateList)
  @Check(
    'state',
    (v) => Array.isArray(v) && v.every((s) => (SERIES_STATES as readonly unknown[]).includes(s)),
    `state must be among ${SERIES_STATES.join(', ')}`,
  )
  state?: SeriesState[];

  @ApiPropertyOptional({ type: String, maxLength: 64, description: 'Routed model id' })
  @IsOptional()
  @Check('model', one(TEXT), 'model must be one value of 1–64 printable characters')
  model?: string;

  @ApiPropertyOptional({ type: String, pattern: CS.source, maxLength: 16, example: 'CT' })
  @IsOptional()
  @Check('modality', one(CS), 'modality must be one CS value (upper case, 16 characters at most)')
  modality?: string;

  @ApiPropertyOptional({ type: String, maxLength: 35, description: 'Received on or after (date or date-time)' })
  @IsOptional()
  @Check('from', (v) => instant(v) !== undefined, `from ${INSTANT}`)
  @Check('fromBeforeTo', (v, a) => before(instant(v), instant(other(a, 'to'), true)), 'from must be before to')
  from?: string;

  @ApiPropertyOptional({ type: String, maxLength: 35, description: 'Received before (a date includes that day)' })
  @IsOptional()
  @Check('to', (v) => instant(v) !== undefined, `to ${INSTANT}`)
  to?: string;

  @ApiPropertyOptional({ type: String, maxLength: 64, description: 'Routing rule name' })
  @IsOptional()
  @Check('rule', one(TEXT), 'rule must be one value of 1–64 printable characters')
  rule?: string;
}

/** The repository's query from a checked DTO. */
export function toSeriesListQuery(q: SeriesListQueryDto): SeriesListQuery {
  return {
    limit: q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit),
    offset: q.offset === undefined ? 0 : Number(q.offset),
    after: q.cursor,
    // The exact total costs a pass over every match: by default only on a first page.
    count: q.count === undefined ? q.cursor === undefined : q.count === 'true',
    states: q.state,
    model: q.model,
    modality: q.modality,
    rule: q.rule,
    receivedFrom: instant(q.from),
    receivedTo: instant(q.to, true),
  };
}
