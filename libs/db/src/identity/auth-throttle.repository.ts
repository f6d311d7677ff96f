import type { DataSource } from 'typeorm';
import { AuthThrottleEntity } from '../entities';

export interface ThrottlePolicy {
  /** Failures counted within this window... */
  windowMs: number;
  /** ...up to this many; the next failure locks the key. */
  maxFailures: number;
  lockMs: number;
}

/** Failed sign-ins per key, counted in one statement so concurrent instances agree. */
export class AuthThrottleRepository {
  constructor(private readonly ds: DataSource) {}

  async lockedUntil(key: string, now: Date): Promise<Date | undefined> {
    const row = await this.ds.manager.findOneBy(AuthThrottleEntity, { key });
    return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : undefined;
  }

  /** Counts one failure; returns the lock's end when this failure locked the key. */
  async fail(key: string, now: Date, p: ThrottlePolicy): Promise<{ failures: number; lockedUntil?: Date }> {
    const windowStart = new Date(now.getTime() - p.windowMs);
    const r: unknown[] = await this.ds.query(
      `INSERT INTO "auth_throttle" ("key", "failures", "window_start") VALUES ($1, 1, $2)
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN "auth_throttle"."window_start" < $3 THEN 1 ELSE "auth_throttle"."failures" + 1 END,
         "window_start" = CASE WHEN "auth_throttle"."window_start" < $3 THEN $2 ELSE "auth_throttle"."window_start" END
       RETURNING "failures"`,
      [key, now, windowStart],
    );
    const rows = (Array.isArray(r[0]) ? r[0] : r) as Array<{ failures: number }>;
    const failures = rows[0].failures;
    if (failures < p.maxFailures) return { failures };
    const lockedUntil = new Date(now.getTime() + p.lockMs);
    await this.ds.manager.update(AuthThrottleEntity, { key }, { lockedUntil, failures: 0, windowStart: now });
    return { failures, lockedUntil };
  }

  async reset(key: string): Promise<void> {
    await this.ds.manager.delete(AuthThrottleEntity, { key });
  }
}
