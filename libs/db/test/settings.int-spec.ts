import { listenForSettings, SettingsRepository } from '../src';
import { describeEachBackend } from './backends';

const doc = (n: number) => ({ routing: [{ name: `r${n}` }] });

describeEachBackend('settings versions', (db, kind) => {
  const repo = () => new SettingsRepository(db().ds);

  beforeEach(async () => {
    await db().ds.query('TRUNCATE "settings_version"');
  });

  it('appends versions in order, optimistically, and reads them back', async () => {
    expect(await repo().latest()).toBeUndefined();
    const first = await repo().append({ expected: 0, author: 'system', origin: 'seed', document: doc(1) });
    expect(first).toMatchObject({ ok: true, row: { version: 1, origin: 'seed', document: doc(1) } });
    const second = await repo().append({
      expected: 1,
      author: 'alice',
      origin: 'console',
      comment: 'c',
      document: doc(2),
    });
    expect(second.ok && second.row.version).toBe(2);
    // An author who edited version 1 cannot overwrite version 2.
    expect(await repo().append({ expected: 1, author: 'bob', origin: 'console', document: doc(3) })).toEqual({
      ok: false,
      latest: 2,
    });
    const restored = await repo().append({
      expected: 2,
      author: 'alice',
      origin: 'restore',
      restoredFrom: 1,
      document: doc(1),
    });
    expect(restored.ok && restored.row.restoredFrom).toBe(1);
    expect(await repo().latestVersion()).toBe(3);
    expect((await repo().get(2))?.author).toBe('alice');
    expect((await repo().page(2)).map((r) => r.version)).toEqual([3, 2]);
    expect((await repo().page(5, 3)).map((r) => r.version)).toEqual([2, 1]);
  });

  it('serialises concurrent appends: exactly one of two racing authors wins', async () => {
    await repo().append({ expected: 0, author: 'system', origin: 'seed', document: doc(1) });
    const [a, b] = await Promise.all([
      repo().append({ expected: 1, author: 'a', origin: 'console', document: doc(2) }),
      repo().append({ expected: 1, author: 'b', origin: 'console', document: doc(3) }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await repo().latestVersion()).toBe(2);
  });

  it('refuses to rewrite history', async () => {
    await repo().append({ expected: 0, author: 'system', origin: 'seed', document: doc(1) });
    await expect(db().ds.query(`UPDATE "settings_version" SET "author" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db().ds.query(`DELETE FROM "settings_version"`)).rejects.toThrow(/append-only/);
  });

  // Embedded PGlite serves one connection and one instance: the writer applies its change itself.
  // LISTEN/NOTIFY is how several instances sharing a PostgreSQL server hear of a change.
  if (kind === 'postgres')
    it('notifies listeners of each committed version', async () => {
      const seen: number[] = [];
      const errors: unknown[] = [];
      const listener = await listenForSettings(
        db().url,
        (v) => seen.push(v),
        (e) => errors.push(e),
      );
      try {
        await repo().append({ expected: 0, author: 'system', origin: 'seed', document: doc(1) });
        await repo().append({ expected: 1, author: 'a', origin: 'console', document: doc(2) });
        for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
        expect(seen).toEqual([1, 2]);
        expect(errors).toEqual([]);
      } finally {
        await listener.close();
      }
    });
});
