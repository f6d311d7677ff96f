import { DicomWebError } from '@delineo/dicomweb';
import { parseSeriesListQuery, SERIES_LIST_MAX_LIMIT } from './series-list.query';

const problemsOf = (raw: Record<string, string | string[]>): readonly string[] => {
  try {
    parseSeriesListQuery(raw);
  } catch (e) {
    if (e instanceof DicomWebError && e.code === 'dicomweb/bad-query') return e.problems;
    throw e;
  }
  throw new Error('accepted');
};

describe('parseSeriesListQuery', () => {
  it('defaults to the first page of 50 with its total, and no cursor', () => {
    expect(parseSeriesListQuery({})).toMatchObject({ limit: 50, offset: 0, count: true, after: undefined });
  });

  it('reads several states, either comma-separated or repeated, once each', () => {
    expect(parseSeriesListQuery({ state: ['failed,queued', 'failed'] }).states).toEqual(['failed', 'queued']);
  });

  it('makes a date `to` include its whole day and keeps a date-time as given', () => {
    const q = parseSeriesListQuery({ from: '2026-01-02T10:00:00+01:00', to: '2026-01-03' });
    expect(q.receivedFrom?.toISOString()).toBe('2026-01-02T09:00:00.000Z');
    expect(q.receivedTo?.toISOString()).toBe('2026-01-04T00:00:00.000Z');
  });

  it('asks for no total after a cursor unless count=true', () => {
    const after = '00000000-0000-4000-8000-000000000001';
    expect(parseSeriesListQuery({ cursor: after })).toMatchObject({ after, count: false });
    expect(parseSeriesListQuery({ cursor: after, count: 'true' }).count).toBe(true);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      limit: String(SERIES_LIST_MAX_LIMIT + 1),
      offset: '-1',
      state: 'done',
      modality: 'ct',
      from: '2026-02-30',
      to: 'yesterday',
      cursor: 'x',
      count: 'yes',
      sort: 'asc',
    });
    expect(problems).toHaveLength(10); // nine parameters, and the cursor with an offset
    expect(problems).toContain('unknown parameter sort');
    expect(problems).toContain(`limit must be an integer from 1 to ${SERIES_LIST_MAX_LIMIT}`);
  });

  it('refuses a limit of 0, an empty range, a cursor with an offset and a repeated scalar', () => {
    expect(problemsOf({ limit: '0' })).toHaveLength(1);
    expect(problemsOf({ from: '2026-01-02', to: '2026-01-01' })).toEqual(['from must be before to']);
    expect(problemsOf({ cursor: '00000000-0000-4000-8000-000000000001', offset: '0' })).toHaveLength(1);
    expect(problemsOf({ model: ['a', 'b'] })).toEqual(['model may be given once']);
  });
});
