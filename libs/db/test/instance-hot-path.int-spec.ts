import {
  ArchiveRepository,
  commitToKnownSeries,
  InstanceEntity,
  preparedQueryOn,
  SeriesEntity,
  VaultRecordEntity,
} from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput, sha } from './fixtures';

const sealed = (n: number) => ({
  keyId: 'k1',
  wrappedKey: Buffer.alloc(60, n),
  iv: Buffer.alloc(12, n),
  tag: Buffer.alloc(16, n),
  ciphertext: Buffer.alloc(80, n),
});

describeEachBackend('commitToKnownSeries (single-statement hot path)', (db) => {
  let repo: ArchiveRepository;
  let seriesId: string;
  const series = () => db().ds.manager.findOneByOrFail(SeriesEntity, { id: seriesId });
  const commit = async (sop: string, over: Parameters<typeof instanceInput>[1] = {}, n = 1) => {
    const qr = db().ds.createQueryRunner();
    try {
      return await commitToKnownSeries(await preparedQueryOn(qr), {
        seriesId,
        instance: instanceInput({ study: '1', series: '1.1', sop }, over).instance,
        route: over.route,
        vault: { lookupKey: `2.25.${sop}`, sealed: sealed(n) },
      });
    } finally {
      await qr.release();
    }
  };

  beforeAll(() => {
    repo = new ArchiveRepository(db().ds);
  });
  beforeEach(async () => {
    await truncateArchive(db().ds);
    await db().ds.manager.clear(VaultRecordEntity);
    const first = await db().ds.transaction((em) =>
      repo.upsertInstance(
        em,
        instanceInput({ study: '1', series: '1.1', sop: '1.1.0' }, { series: { expectedInstances: 3 } }),
      ),
    );
    seriesId = first.seriesId;
  });

  it('creates the instance and its vault record in one statement', async () => {
    const r = await commit('1.1.1');
    expect(r).toMatchObject({ outcome: 'created', seriesReopened: false, expectedInstances: 3, instanceCount: 2 });
    expect(await db().ds.manager.countBy(InstanceEntity, { seriesId })).toBe(2);
    const v = await db().ds.manager.findOneByOrFail(VaultRecordEntity, { lookupKey: '2.25.1.1.1' });
    expect(Buffer.from(v.ciphertext)).toEqual(Buffer.alloc(80, 1));
  });

  it('reports an identical re-send and touches neither the series nor the vault', async () => {
    await commit('1.1.1');
    const before = await series();
    const r = await commit('1.1.1', {}, 2);
    expect(r).toMatchObject({ outcome: 'identical', seriesReopened: false });
    expect((await series()).lastInstanceAt).toEqual(before.lastInstanceAt);
    const v = await db().ds.manager.findOneByOrFail(VaultRecordEntity, { lookupKey: '2.25.1.1.1' });
    expect(Buffer.from(v.ciphertext)).toEqual(Buffer.alloc(80, 1));
  });

  it('replaces a changed copy, returns the previous object key and re-seals the vault', async () => {
    await commit('1.1.1');
    const r = await commit('1.1.1', { instance: { sha256: sha('changed'), objectKey: 'obj/changed' } }, 3);
    expect(r).toMatchObject({ outcome: 'replaced', previousObjectKey: 'obj/1.1.1' });
    const row = await db().ds.manager.findOneByOrFail(InstanceEntity, { sopInstanceUid: '2.25.1.1.1' });
    expect(row.objectKey).toBe('obj/changed');
    const v = await db().ds.manager.findOneByOrFail(VaultRecordEntity, { lookupKey: '2.25.1.1.1' });
    expect(Buffer.from(v.ciphertext)).toEqual(Buffer.alloc(80, 3));
  });

  it('reopens a completed series on a late instance and bumps its generation', async () => {
    expect(await repo.markSeriesComplete(db().ds.manager, seriesId, 0)).toBe(true);
    const route = { ruleName: 'r', modelId: 'm', deliverTo: ['pacs'] };
    const r = await commit('1.1.2', { route });
    expect(r).toMatchObject({ outcome: 'created', seriesReopened: true });
    expect(await series()).toMatchObject({ state: 'received', generation: 1, completedAt: null, route });
    // the completion guard of the old generation no longer applies
    expect(await repo.markSeriesComplete(db().ds.manager, seriesId, 0)).toBe(false);
  });

  it('returns undefined for a series that no longer exists, writing nothing', async () => {
    await db().ds.manager.delete(SeriesEntity, { id: seriesId });
    expect(await commit('1.1.9')).toBeUndefined();
    expect(await db().ds.manager.countBy(VaultRecordEntity, { lookupKey: '2.25.1.1.9' })).toBe(0);
  });
});
