import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity, access control and audit (issue 12): users (local or provisioned from the IdP),
 * server-side sessions, API tokens, one-time values (SAML request ids, OIDC flows), sign-in
 * throttling, and the append-only, hash-chained audit log. No dataset value is stored here.
 */
export class Identity1767571200000 implements MigrationInterface {
  name = 'Identity1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "app_user" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "username" text NOT NULL,
      "auth_method" text NOT NULL,
      "external_id" text,
      "email" text,
      "display_name" text,
      "roles" text array NOT NULL DEFAULT '{}',
      "password_hash" text,
      "must_change_password" boolean NOT NULL DEFAULT false,
      "totp_sealed" jsonb,
      "totp_enrolled_at" TIMESTAMP WITH TIME ZONE,
      "totp_last_step" bigint,
      "recovery_codes" jsonb NOT NULL DEFAULT '[]',
      "disabled_at" TIMESTAMP WITH TIME ZONE,
      "last_login_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_app_user" PRIMARY KEY ("id"),
      CONSTRAINT "uq_app_user_username" UNIQUE ("username"),
      CONSTRAINT "uq_app_user_external" UNIQUE ("auth_method", "external_id"),
      CONSTRAINT "ck_app_user_auth_method" CHECK ("auth_method" IN ('local', 'saml', 'oidc')))`);
    await q.query(`CREATE TABLE "auth_session" (
      "id_hash" text NOT NULL,
      "user_id" uuid NOT NULL,
      "auth_method" text NOT NULL,
      "csrf_token" text NOT NULL,
      "idp_session" jsonb,
      "restricted" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "source_address" text,
      CONSTRAINT "pk_auth_session" PRIMARY KEY ("id_hash"),
      CONSTRAINT "fk_auth_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "idx_auth_session_user" ON "auth_session" ("user_id")`);
    await q.query(`CREATE INDEX "idx_auth_session_expires" ON "auth_session" ("expires_at")`);
    await q.query(`CREATE TABLE "api_token" (
      "id" text NOT NULL,
      "name" text NOT NULL,
      "secret_hash" text NOT NULL,
      "scopes" text array NOT NULL,
      "source" text,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_api_token" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "audit_log" (
      "seq" bigint NOT NULL,
      "time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "actor_type" text NOT NULL,
      "actor_id" text NOT NULL,
      "action" text NOT NULL,
      "target" text,
      "outcome" text NOT NULL,
      "source_address" text,
      "request_id" text,
      "details" jsonb,
      "prev_hash" text NOT NULL,
      "hash" text NOT NULL,
      CONSTRAINT "pk_audit_log" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE INDEX "idx_audit_log_time" ON "audit_log" ("time")`);
    await q.query(`CREATE INDEX "idx_audit_log_action" ON "audit_log" ("action", "time")`);
    // Append-only at the database too: the application role cannot change or remove a record.
    // (A database owner can disable the trigger; the hash chain then shows the change.)
    await q.query(`CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"()`);
    await q.query(`CREATE TABLE "auth_nonce" (
      "id" text NOT NULL,
      "kind" text NOT NULL,
      "data" jsonb,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "consumed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_auth_nonce" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_auth_nonce_expires" ON "auth_nonce" ("expires_at")`);
    await q.query(`CREATE TABLE "auth_throttle" (
      "key" text NOT NULL,
      "failures" integer NOT NULL DEFAULT 0,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "locked_until" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_auth_throttle" PRIMARY KEY ("key"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth_throttle"`);
    await q.query(`DROP TABLE "auth_nonce"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP FUNCTION "audit_log_append_only"()`);
    await q.query(`DROP TABLE "api_token"`);
    await q.query(`DROP TABLE "auth_session"`);
    await q.query(`DROP TABLE "app_user"`);
  }
}
