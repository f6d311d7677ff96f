import type { DataSource } from 'typeorm';
import { UserEntity, type AuthMethod } from '../entities';

export interface ExternalUserInput {
  authMethod: Exclude<AuthMethod, 'local'>;
  externalId: string;
  username: string;
  email: string | null;
  displayName: string | null;
  roles: string[];
}

/** Accounts. Every security-relevant update is one guarded statement, safe across instances. */
export class UserRepository {
  constructor(private readonly ds: DataSource) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.ds.manager.findOneBy(UserEntity, { id });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.ds.manager.findOneBy(UserEntity, { username });
  }

  /** One page in username order, with the total (the administration's user list). */
  async page(limit: number, offset: number): Promise<{ items: UserEntity[]; total: number }> {
    const [items, total] = await this.ds.manager.findAndCount(UserEntity, {
      order: { username: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  list(): Promise<UserEntity[]> {
    return this.ds.manager.find(UserEntity, { order: { username: 'ASC' } });
  }

  async createLocal(u: {
    username: string;
    passwordHash: string;
    roles: string[];
    mustChangePassword: boolean;
  }): Promise<UserEntity> {
    return this.ds.manager.save(
      UserEntity,
      this.ds.manager.create(UserEntity, { ...u, authMethod: 'local', externalId: null }),
    );
  }

  /** First sign-in provisions the account; every sign-in refreshes name, e-mail and roles from the IdP. */
  async upsertExternal(u: ExternalUserInput): Promise<UserEntity> {
    await this.ds.query(
      `INSERT INTO "app_user" ("username", "auth_method", "external_id", "email", "display_name", "roles")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("auth_method", "external_id") DO UPDATE SET "email" = EXCLUDED."email",
         "display_name" = EXCLUDED."display_name", "roles" = EXCLUDED."roles", "updated_at" = now()`,
      [u.username, u.authMethod, u.externalId, u.email, u.displayName, u.roles],
    );
    return this.ds.manager.findOneByOrFail(UserEntity, { authMethod: u.authMethod, externalId: u.externalId });
  }

  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    await this.ds.manager.update(UserEntity, { id }, { passwordHash, mustChangePassword });
  }

  /** A new secret waits for its first valid code (enrolled_at stays null until confirmTotp). */
  async setPendingTotp(id: string, sealed: Record<string, unknown>): Promise<void> {
    await this.ds.query(
      `UPDATE "app_user" SET "totp_sealed" = $2::jsonb, "totp_enrolled_at" = NULL, "totp_last_step" = NULL,
         "recovery_codes" = '[]'::jsonb, "updated_at" = now() WHERE "id" = $1`,
      [id, JSON.stringify(sealed)],
    );
  }

  /** Enrolment confirmed with a valid code at `step`: TOTP is now required, with these recovery codes. */
  async confirmTotp(id: string, step: number, recoveryCodes: string[]): Promise<boolean> {
    const r: unknown[] = await this.ds.query(
      `UPDATE "app_user" SET "totp_enrolled_at" = now(), "totp_last_step" = $2, "recovery_codes" = $3::jsonb, "updated_at" = now()
       WHERE "id" = $1 AND "totp_sealed" IS NOT NULL AND "totp_enrolled_at" IS NULL RETURNING "id"`,
      [id, step, JSON.stringify(recoveryCodes)],
    );
    return (Array.isArray(r[0]) ? (r[0] as unknown[]) : r).length === 1;
  }

  /** Removes TOTP (an administrator's reset): the next sign-in enrols again. */
  async clearTotp(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE "app_user" SET "totp_sealed" = NULL, "totp_enrolled_at" = NULL, "totp_last_step" = NULL, "recovery_codes" = '[]'::jsonb,
         "updated_at" = now() WHERE "id" = $1`,
      [id],
    );
  }

  /** Accepts a TOTP time step only if it is later than the last one used (RFC 6238 §5.2: no reuse). */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.ds.manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ totpLastStep: String(step) })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id, step })
      .execute();
    return r.affected === 1;
  }

  /** Burns one recovery code by position, only if it is still unused. */
  async useRecoveryCode(id: string, index: number, hash: string): Promise<boolean> {
    const r: unknown[] = await this.ds.query(
      `UPDATE "app_user" SET "recovery_codes" = jsonb_set("recovery_codes", ARRAY[$2::text], 'null'::jsonb), "updated_at" = now()
       WHERE "id" = $1 AND "recovery_codes" ->> $2::int = $3 RETURNING "id"`,
      [id, index, hash],
    );
    return (Array.isArray(r[0]) ? (r[0] as unknown[]) : r).length === 1;
  }

  async markLogin(id: string): Promise<void> {
    await this.ds.manager.update(UserEntity, { id }, { lastLoginAt: () => 'now()' });
  }

  async setProfile(id: string, displayName: string | null, email: string | null): Promise<void> {
    await this.ds.manager.update(UserEntity, { id }, { displayName, email });
  }

  async setRoles(id: string, roles: string[]): Promise<boolean> {
    return ((await this.ds.manager.update(UserEntity, { id }, { roles })).affected ?? 0) === 1;
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = await this.ds.manager.update(UserEntity, { id }, { disabledAt: disabled ? () => 'now()' : null });
    return (r.affected ?? 0) === 1;
  }
}
