import { apiValidationPipe } from '../errors/api-validation.pipe';
import { RequestError, type FieldProblem } from '../errors/request.error';
import {
  SERIES_LIST_MAX_LIMIT,
  SERIES_LIST_MAX_OFFSET,
  SeriesListQueryDto,
  toSeriesListQuery,
} from './series-list.query';

/** The query as the route reads it: through the API's validation pipe, then mapped. */
const read = async (raw: Record<string, string | string[]>) =>
  toSeriesListQuery(
    (await apiValidationPipe().transform(raw, { type: 'query', metatype: SeriesListQueryDto })) as SeriesListQueryDto,
  );

const problemsOf = async (raw: Record<string, string | string[]>): Promise<readonly FieldProblem[]> => {
  try {
    await read(raw);
  } catch (e) {
    if (e instanceof RequestError && e.code === 'request/invalid') return e.errors;
    throw e;
  }
  throw new Error('accepted');
};

describe('the series list query (SeriesListQueryDto)', () => {
  it('defaults to the first page of 50 with its total, and no cursor', async () => {
    expect(await read({})).toMatchObject({ limit: 50, offset: 0, count: true, after: undefined });
  });

  it('accepts both bounds of limit and offset', async () => {
    expect(await read({ limit: '1', offset: String(SERIES_LIST_MAX_OFFSET) })).toMatchObject({
      limit: 1,
      offset: SERIES_LIST_MAX_OFFSET,
    });
    expect((await read({ limit: String(SERIES_LIST_MAX_LIMIT) })).limit).toBe(SERIES_LIST_MAX_LIMIT);
  });

  it('reads several states, either comma-separated or repeated, once each', async () => {
    expect((await read({ state: ['failed,queued', 'failed'] })).states).toEqual(['failed', 'queued']);
  });

  it('makes a date `to` include its whole day and keeps a date-time as given', async () => {
    const q = await read({ from: '2026-01-02T10:00:00+01:00', to: '2026-01-03' });
    expect(q.receivedFrom?.toISOString()).toBe('2026-01-02T09:00:00.000Z');
    expect(q.receivedTo?.toISOString()).toBe('2026-01-04T00:00:00.000Z');
  });

  it('asks for no total after a cursor unless count=true', async () => {
    const after = '00000000-0000-4000-8000-000000000001';
    expect(await read({ cursor: after })).toMatchObject({ after, count: false });
    expect((await read({ cursor: after, count: 'true' })).count).toBe(true);
  });

  it('lists every problem at once, one per field, each at its path', async () => {
    const problems = await problemsOf({
      limit: String(SERIES_LIST_MAX_LIMIT + 1),
      offset: String(SERIES_LIST_MAX_OFFSET + 1),
      state: 'done',
      modality: 'ct',
      from: '2026-02-30',
      to: 'yesterday',
      cursor: 'x',
      count: 'yes',
      sort: 'asc',
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['limit', 'offset', 'cursor', 'cursor', 'count', 'state', 'modality', 'from', 'to', 'sort'].sort(),
    );
    expect(problems).toContainEqual({ path: 'cursor', message: 'cursor and offset cannot be combined' });
    expect(problems).toContainEqual({
      path: 'limit',
      message: `limit must be an integer from 1 to ${SERIES_LIST_MAX_LIMIT}`,
    });
    // Messages name rules, never the value sent.
    expect(JSON.stringify(problems)).not.toMatch(/yesterday|2026-02-30|"ct"/);
  });

  it('refuses a limit of 0, a negative or fractional number, an empty range and a cursor with an offset', async () => {
    expect(await problemsOf({ limit: '0' })).toHaveLength(1);
    expect(await problemsOf({ offset: '-1' })).toEqual([{ path: 'offset', message: expect.any(String) }]);
    expect(await problemsOf({ limit: '1.5' })).toHaveLength(1);
    expect(await problemsOf({ from: '2026-01-02', to: '2026-01-01' })).toEqual([
      { path: 'from', message: 'from must be before to' },
    ]);
    expect(await problemsOf({ cursor: '00000000-0000-4000-8000-000000000001', offset: '0' })).toHaveLength(1);
  });

  it('refuses a repeated scalar and more text than a filter holds', async () => {
    expect(await problemsOf({ model: ['a', 'b'] })).toEqual([
      { path: 'model', message: 'model must be one value of 1–64 printable characters' },
    ]);
    expect(await problemsOf({ rule: 'r'.repeat(65) })).toHaveLength(1);
    expect(await problemsOf({ modality: 'C'.repeat(17) })).toHaveLength(1);
  });
});
