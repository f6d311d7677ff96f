import { randomBytes } from 'node:crypto';
import { SealedRecord, VaultRepository } from '../src';
import { describeEachBackend, truncateArchive } from './backends';

const sealed = (keyId = 'kek-2024'): SealedRecord => ({
  keyId,
  wrappedKey: randomBytes(40),
  iv: randomBytes(12),
  tag: randomBytes(16),
  ciphertext: randomBytes(256),
});

describeEachBackend('VaultRepository', (db) => {
  let vault: VaultRepository;
  const put = (key: string, record: SealedRecord, replace?: boolean) =>
    db().ds.transaction((em) => vault.put(em, key, record, { replace }));

  beforeAll(() => {
    vault = new VaultRepository(db().ds);
  });
  beforeEach(() => truncateArchive(db().ds));

  it('stores a sealed record and returns the same bytes', async () => {
    const record = sealed();
    expect(await put('2.25.1', record)).toBe('created');
    const got = await vault.get('2.25.1');
    expect(got).toMatchObject({ lookupKey: '2.25.1', keyId: 'kek-2024', deliveredAt: null, purgeAfter: null });
    for (const f of ['wrappedKey', 'iv', 'tag', 'ciphertext'] as const) {
      expect(Buffer.from(got![f]).equals(Buffer.from(record[f]))).toBe(true);
    }
    expect(await vault.get('2.25.unknown')).toBeNull();
  });

  it('persists only the lookup key, the key id, opaque bytes and lifecycle times', async () => {
    const columns = await db().ds.query(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'vault_record' AND data_type NOT IN ('bytea', 'uuid', 'timestamp with time zone')
       ORDER BY column_name`,
    );
    expect(columns).toEqual([
      { column_name: 'key_id', data_type: 'text' },
      { column_name: 'lookup_key', data_type: 'text' },
    ]);
  });

  it('keeps an existing record unless asked to replace different content', async () => {
    const first = sealed();
    await put('2.25.1', first);
    expect(await put('2.25.1', { ...first })).toBe('identical');
    const second = sealed('kek-2025');
    expect(await put('2.25.1', second)).toBe('kept');
    expect((await vault.get('2.25.1'))!.keyId).toBe('kek-2024');
    await vault.markDelivered(['2.25.1'], new Date('2030-01-01T00:00:00Z'));
    expect(await put('2.25.1', second, true)).toBe('replaced');
    const got = await vault.get('2.25.1');
    expect(got).toMatchObject({ keyId: 'kek-2025', deliveredAt: null, purgeAfter: null });
    expect(Buffer.from(got!.ciphertext).equals(Buffer.from(second.ciphertext))).toBe(true);
  });

  it('marks delivery and purges only records past their purge time', async () => {
    await put('2.25.1', sealed());
    await put('2.25.2', sealed());
    await put('2.25.3', sealed());
    expect(await vault.markDelivered(['2.25.1'], new Date('2025-01-01T00:00:00Z'))).toBe(1);
    expect(await vault.markDelivered(['2.25.2'], new Date('2025-06-01T00:00:00Z'))).toBe(1);
    expect(await vault.markDelivered(['2.25.unknown'], new Date())).toBe(0);
    expect((await vault.get('2.25.1'))!.deliveredAt).toBeInstanceOf(Date);
    expect(await vault.purgeExpired(new Date('2025-03-01T00:00:00Z'))).toBe(1);
    expect(await vault.get('2.25.1')).toBeNull();
    expect(await vault.get('2.25.2')).not.toBeNull();
    expect(await vault.purgeExpired(new Date('2026-01-01T00:00:00Z'))).toBe(1);
    expect(await vault.get('2.25.3')).not.toBeNull();
  });
});
