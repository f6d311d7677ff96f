import { IsNull, LessThan, type DataSource } from 'typeorm';
import { ApiTokenEntity } from '../entities';

export type NewApiToken = Pick<
  ApiTokenEntity,
  'id' | 'name' | 'secretHash' | 'scopes' | 'source' | 'createdBy' | 'expiresAt'
>;

/** Service-account tokens: stored as a hash, looked up by id, revocable. */
export class ApiTokenRepository {
  constructor(private readonly ds: DataSource) {}

  async create(t: NewApiToken): Promise<ApiTokenEntity> {
    await this.ds.manager.insert(ApiTokenEntity, t);
    return this.ds.manager.findOneByOrFail(ApiTokenEntity, { id: t.id });
  }

  find(id: string): Promise<ApiTokenEntity | null> {
    return this.ds.manager.findOneBy(ApiTokenEntity, { id });
  }

  findByName(name: string): Promise<ApiTokenEntity | null> {
    return this.ds.manager.findOneBy(ApiTokenEntity, { name });
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.ds.manager.find(ApiTokenEntity, { order: { createdAt: 'DESC' } });
  }

  /** Records use at most once per `minIntervalMs`, so a busy client does not cost a write per request. */
  async touch(id: string, now: Date, minIntervalMs: number): Promise<void> {
    await this.ds.manager
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ lastUsedAt: now })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :before)', {
        id,
        before: new Date(now.getTime() - minIntervalMs),
      })
      .execute();
  }

  async revoke(id: string): Promise<boolean> {
    const r = await this.ds.manager.update(ApiTokenEntity, { id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (r.affected ?? 0) === 1;
  }

  /** Replaces the secret of a named token (the bootstrap token file changed). */
  async replaceSecret(id: string, secretHash: string): Promise<void> {
    await this.ds.manager.update(ApiTokenEntity, { id }, { secretHash, revokedAt: null });
  }

  expired(now: Date): Promise<ApiTokenEntity[]> {
    return this.ds.manager.find(ApiTokenEntity, { where: { expiresAt: LessThan(now) } });
  }
}
