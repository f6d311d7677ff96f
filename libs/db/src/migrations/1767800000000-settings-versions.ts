import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned live settings (issue 15). Each change is a new row holding the whole document, so any
 * version can be shown, compared or restored without replaying a chain of patches; the rows are
 * small (tens of KB) and changes are rare. Like the audit log, history is append-only: a trigger
 * refuses UPDATE and DELETE, and a restore is a new version that copies an older one.
 */
export class SettingsVersions1767800000000 implements MigrationInterface {
  name = 'SettingsVersions1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "settings_version" (
      "version" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "author" text NOT NULL,
      "origin" text NOT NULL,
      "restored_from" integer,
      "comment" text,
      "document" jsonb NOT NULL,
      CONSTRAINT "pk_settings_version" PRIMARY KEY ("version")
    )`);
    await q.query(`CREATE FUNCTION "settings_version_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'settings_version is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "settings_version_append_only" BEFORE UPDATE OR DELETE ON "settings_version"
      FOR EACH ROW EXECUTE FUNCTION "settings_version_append_only"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "settings_version"`);
    await q.query(`DROP FUNCTION "settings_version_append_only"()`);
  }
}
