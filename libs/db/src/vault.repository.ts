import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { VaultRecordEntity } from './entities';

/** A record sealed by libs/deid (envelope encryption); the db lib only ever sees these bytes. */
export interface SealedRecord {
  keyId: string;
  wrappedKey: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

export interface StoredSealedRecord extends SealedRecord {
  lookupKey: string;
  createdAt: Date;
  deliveredAt: Date | null;
  purgeAfter: Date | null;
}

/** created: new; identical: same bytes already stored; kept: differs, not replaced; replaced: overwritten. */
export type VaultPutOutcome = 'created' | 'identical' | 'kept' | 'replaced';

const BYTE_FIELDS = ['wrappedKey', 'iv', 'tag', 'ciphertext'] as const;

function sameContent(a: SealedRecord, b: SealedRecord): boolean {
  return a.keyId === b.keyId && BYTE_FIELDS.every((f) => Buffer.from(a[f]).equals(Buffer.from(b[f])));
}

/** Re-identification vault storage. It stores ciphertext only and cannot decrypt anything. */
export class VaultRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Stores a sealed record under lookupKey. An existing record is kept unless `replace` is set and
   * the content differs; a replaced record starts a new delivery/purge lifecycle.
   */
  async put(
    em: EntityManager,
    lookupKey: string,
    sealed: SealedRecord,
    options: { replace?: boolean } = {},
  ): Promise<VaultPutOutcome> {
    const bytes = {
      keyId: sealed.keyId,
      wrappedKey: Buffer.from(sealed.wrappedKey),
      iv: Buffer.from(sealed.iv),
      tag: Buffer.from(sealed.tag),
      ciphertext: Buffer.from(sealed.ciphertext),
    };
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(VaultRecordEntity)
      .values({ lookupKey, ...bytes })
      .orIgnore()
      .returning(['id'])
      .updateEntity(false)
      .execute();
    if ((inserted.raw as unknown[]).length > 0) return 'created';
    const existing = await em.findOneOrFail(VaultRecordEntity, {
      where: { lookupKey },
      lock: { mode: 'pessimistic_write' },
    });
    if (sameContent(existing, sealed)) return 'identical';
    if (!options.replace) return 'kept';
    await em.update(VaultRecordEntity, existing.id, { ...bytes, deliveredAt: null, purgeAfter: null });
    return 'replaced';
  }

  async get(lookupKey: string, em = this.ds.manager): Promise<StoredSealedRecord | null> {
    const row = await em.findOne(VaultRecordEntity, { where: { lookupKey } });
    if (!row) return null;
    const { id: _id, ...record } = row;
    return record;
  }

  /** Records delivery; the record may be purged from purgeAfter on. Returns false if it is unknown. */
  /** One UPDATE for all of a series' records; returns how many were marked. */
  async markDelivered(lookupKeys: readonly string[], purgeAfter: Date, em = this.ds.manager): Promise<number> {
    if (lookupKeys.length === 0) return 0;
    const result = await em.update(
      VaultRecordEntity,
      { lookupKey: In([...lookupKeys]) },
      { deliveredAt: () => 'now()', purgeAfter },
    );
    return result.affected ?? 0;
  }

  /** Deletes records whose purgeAfter has passed; returns how many. */
  async purgeExpired(now: Date, em = this.ds.manager): Promise<number> {
    const result = await em.delete(VaultRecordEntity, { purgeAfter: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
