import { LessThan, type DataSource } from 'typeorm';
import { AuthNonceEntity } from '../entities';

/** One-time values shared by every instance (SAML request ids, pending OIDC flows). */
export class AuthNonceRepository {
  constructor(private readonly ds: DataSource) {}

  async save(id: string, kind: string, expiresAt: Date, data: Record<string, string> | null = null): Promise<void> {
    await this.ds.manager.insert(AuthNonceEntity, { id, kind, data, expiresAt });
  }

  /**
   * Consumes the value atomically: true (with its data) for exactly one caller, only if it was
   * saved with this kind and has neither expired nor been consumed. A replay gets undefined.
   */
  async consume(id: string, kind: string, now: Date): Promise<{ data: Record<string, string> | null } | undefined> {
    const r: unknown[] = await this.ds.query(
      `UPDATE "auth_nonce" SET "consumed_at" = $3 WHERE "id" = $1 AND "kind" = $2 AND "consumed_at" IS NULL AND "expires_at" > $3
       RETURNING "data"`,
      [id, kind, now],
    );
    const rows = (Array.isArray(r[0]) ? r[0] : r) as Array<{ data: Record<string, string> | null }>;
    return rows.length === 1 ? { data: rows[0].data } : undefined;
  }

  /**
   * Records a value as used until `expiresAt`: true the first time (or after the previous record
   * expired), false for a replay. One statement, atomic across instances.
   */
  async claim(id: string, kind: string, expiresAt: Date, now: Date): Promise<boolean> {
    const r: unknown[] = await this.ds.query(
      `INSERT INTO "auth_nonce" ("id", "kind", "expires_at", "consumed_at") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("id") DO UPDATE SET "expires_at" = EXCLUDED."expires_at", "consumed_at" = EXCLUDED."consumed_at", "kind" = EXCLUDED."kind"
       WHERE "auth_nonce"."expires_at" <= $4 RETURNING "id"`,
      [id, kind, expiresAt, now],
    );
    return (Array.isArray(r[0]) ? (r[0] as unknown[]) : r).length === 1;
  }

  async purgeExpired(now: Date): Promise<number> {
    return (await this.ds.manager.delete(AuthNonceEntity, { expiresAt: LessThan(now) })).affected ?? 0;
  }
}
