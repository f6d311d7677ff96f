import type { SeriesRoute, SeriesState } from '../src';
import { ArchiveRepository, SeriesStatusRepository } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

interface Row {
  uid: string;
  state: SeriesState;
  modality: string;
  route: SeriesRoute | null;
  receivedAt: string;
}

const ct: SeriesRoute = { ruleName: 'chest-ct', modelId: 'ct-body', deliverTo: [] };
const mr: SeriesRoute = { ruleName: 'brain-mr', modelId: 'mr-brain', deliverTo: [] };

// Oldest first; two share a microsecond timestamp so the id must break the tie.
const ROWS: Row[] = [
  { uid: '9.1', state: 'delivered', modality: 'CT', route: ct, receivedAt: '2026-01-01T08:00:00.000001Z' },
  { uid: '9.2', state: 'failed', modality: 'MR', route: mr, receivedAt: '2026-01-02T08:00:00.000001Z' },
  { uid: '9.3', state: 'queued', modality: 'CT', route: ct, receivedAt: '2026-01-03T08:00:00.000001Z' },
  { uid: '9.4', state: 'failed', modality: 'CT', route: ct, receivedAt: '2026-01-03T08:00:00.000001Z' },
  { uid: '9.5', state: 'received', modality: 'US', route: null, receivedAt: '2026-01-04T08:00:00.000002Z' },
  { uid: '9.6', state: 'segmented', modality: 'MR', route: mr, receivedAt: '2026-01-05T08:00:00.000003Z' },
];

describeEachBackend('series list filters and paging', (db) => {
  let status: SeriesStatusRepository;
  const ids = new Map<string, string>();
  // The expected order, computed from the rows: newest first, then id descending.
  const newestFirst = (rows: Row[]) =>
    rows
      .map((r) => ({ r, id: ids.get(r.uid)! }))
      .sort((a, b) => b.r.receivedAt.localeCompare(a.r.receivedAt) || (a.id < b.id ? 1 : -1))
      .map((x) => x.id);

  beforeAll(async () => {
    status = new SeriesStatusRepository(db().ds);
    await truncateArchive(db().ds);
    const archive = new ArchiveRepository(db().ds);
    for (const r of ROWS) {
      const { seriesId } = await db().ds.transaction((em) =>
        archive.upsertInstance(
          em,
          instanceInput({ study: '9', series: r.uid, sop: `${r.uid}.1` }, { route: r.route ?? undefined }),
        ),
      );
      await db().ds.query(`UPDATE series SET state = $2, modality = $3, route = $4, created_at = $5 WHERE id = $1`, [
        seriesId,
        r.state,
        r.modality,
        r.route === null ? null : JSON.stringify(r.route),
        r.receivedAt,
      ]);
      ids.set(r.uid, seriesId);
    }
  });

  const listed = async (q: Parameters<SeriesStatusRepository['list']>[0]) =>
    (await status.list(q)).items.map((i) => i.series.id);

  it('lists newest first with the exact total when asked, and no total otherwise', async () => {
    const page = await status.list({ limit: 10, count: true });
    expect(page.items.map((i) => i.series.id)).toEqual(newestFirst(ROWS));
    expect(page.total).toBe(ROWS.length);
    expect(page.next).toBeUndefined();
    expect((await status.list({ limit: 10 })).total).toBeUndefined();
  });

  it('filters by one state or several', async () => {
    expect(await listed({ limit: 10, states: ['failed'] })).toEqual(
      newestFirst(ROWS.filter((r) => r.state === 'failed')),
    );
    const some = ['failed', 'queued', 'received'];
    expect(await listed({ limit: 10, states: some as SeriesState[] })).toEqual(
      newestFirst(ROWS.filter((r) => some.includes(r.state))),
    );
    expect(await listed({ limit: 10, state: 'segmented' })).toEqual([ids.get('9.6')]);
  });

  it('filters by model, rule and modality', async () => {
    expect(await listed({ limit: 10, model: 'mr-brain' })).toEqual(newestFirst(ROWS.filter((r) => r.route === mr)));
    expect(await listed({ limit: 10, rule: 'chest-ct' })).toEqual(newestFirst(ROWS.filter((r) => r.route === ct)));
    expect(await listed({ limit: 10, modality: 'US' })).toEqual([ids.get('9.5')]);
    expect(await listed({ limit: 10, modality: 'CT', states: ['failed'] })).toEqual([ids.get('9.4')]);
  });

  it('filters by a received range, from inclusive and to exclusive', async () => {
    const from = '2026-01-03T08:00:00.000001Z';
    const to = '2026-01-05T08:00:00.000003Z';
    const page = await status.list({ limit: 10, count: true, receivedFrom: new Date(from), receivedTo: new Date(to) });
    const expected = ROWS.filter((r) => r.receivedAt >= from && r.receivedAt < to);
    expect(page.items.map((i) => i.series.id)).toEqual(newestFirst(expected));
    expect(page.total).toBe(expected.length);
  });

  it('pages by cursor through every row exactly once, ties included, with the filters kept', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await status.list({ limit: 2, after });
      seen.push(...page.items.map((i) => i.series.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(newestFirst(ROWS));
    const ctPage = await status.list({ limit: 1, modality: 'CT' });
    expect(await listed({ limit: 10, modality: 'CT', after: ctPage.next })).toEqual(
      newestFirst(ROWS.filter((r) => r.modality === 'CT')).slice(1),
    );
  });

  it('pages by offset as before, and an unknown cursor gives an empty page', async () => {
    expect(await listed({ limit: 2, offset: 2 })).toEqual(newestFirst(ROWS).slice(2, 4));
    expect(await listed({ limit: 2, after: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });
});
