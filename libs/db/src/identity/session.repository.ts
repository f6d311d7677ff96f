import { LessThan, type DataSource } from 'typeorm';
import { AuthSessionEntity, UserEntity } from '../entities';

export interface NewSession {
  idHash: string;
  userId: string;
  authMethod: string;
  csrfToken: string;
  idpSession: Record<string, string> | null;
  restricted: boolean;
  expiresAt: Date;
  sourceAddress: string | null;
}

/** Server-side sessions, keyed by the SHA-256 of the cookie value. */
export class SessionRepository {
  constructor(private readonly ds: DataSource) {}

  async create(s: NewSession): Promise<void> {
    await this.ds.manager.insert(AuthSessionEntity, { ...s, lastSeenAt: new Date() });
  }

  /** The session and its user, or null. Expiry is the caller's to judge (it knows the idle timeout). */
  async find(idHash: string): Promise<{ session: AuthSessionEntity; user: UserEntity } | null> {
    const session = await this.ds.manager.findOne(AuthSessionEntity, { where: { idHash }, relations: { user: true } });
    if (!session?.user) return null;
    const { user, ...rest } = session;
    return { session: rest as AuthSessionEntity, user };
  }

  /** Slides the idle timeout; written at most once per `minIntervalMs` to spare a write per request. */
  async touch(idHash: string, now: Date, minIntervalMs: number): Promise<void> {
    await this.ds.manager.update(
      AuthSessionEntity,
      { idHash, lastSeenAt: LessThan(new Date(now.getTime() - minIntervalMs)) },
      { lastSeenAt: now },
    );
  }

  async setRestricted(idHash: string, restricted: boolean): Promise<void> {
    await this.ds.manager.update(AuthSessionEntity, { idHash }, { restricted });
  }

  async delete(idHash: string): Promise<boolean> {
    return ((await this.ds.manager.delete(AuthSessionEntity, { idHash })).affected ?? 0) === 1;
  }

  async deleteForUser(userId: string): Promise<number> {
    return (await this.ds.manager.delete(AuthSessionEntity, { userId })).affected ?? 0;
  }

  /** IdP-initiated single logout: every session the IdP session (NameID, SessionIndex) opened. */
  async deleteByIdpSession(match: Record<string, string>): Promise<number> {
    const r: unknown[] = await this.ds.query(
      `DELETE FROM "auth_session" WHERE "idp_session" @> $1::jsonb RETURNING "id_hash"`,
      [JSON.stringify(match)],
    );
    return (Array.isArray(r[0]) ? (r[0] as unknown[]) : r).length;
  }

  /** Sessions past their absolute lifetime or idle since `idleBefore`. */
  async purgeExpired(now: Date, idleBefore: Date): Promise<number> {
    const r = await this.ds.manager
      .createQueryBuilder()
      .delete()
      .from(AuthSessionEntity)
      .where('expires_at <= :now OR last_seen_at < :idleBefore', { now, idleBefore })
      .execute();
    return r.affected ?? 0;
  }
}
