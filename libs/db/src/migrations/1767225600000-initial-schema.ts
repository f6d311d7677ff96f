import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Archive of de-identified instances, pipeline state of series, and the sealed vault.
 * Runs unchanged on PostgreSQL 15 and PGlite 0.5.14 (PostgreSQL 18): gen_random_uuid() is in core
 * since PostgreSQL 13, so no extension is created (PGlite ships neither pgcrypto nor uuid-ossp).
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "patient" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "pseudo_patient_id" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "uq_patient_pseudo_patient_id" UNIQUE ("pseudo_patient_id"),
      CONSTRAINT "pk_patient" PRIMARY KEY ("id"))`);

    await q.query(`CREATE TABLE "study" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "study_instance_uid" text NOT NULL,
      "patient_id" uuid NOT NULL,
      "study_date" character varying(8),
      "study_time" text,
      "accession_number" text,
      "study_description" text,
      "modalities_in_study" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "uq_study_study_instance_uid" UNIQUE ("study_instance_uid"),
      CONSTRAINT "pk_study" PRIMARY KEY ("id"),
      CONSTRAINT "fk_study_patient" FOREIGN KEY ("patient_id")
        REFERENCES "patient"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "idx_study_patient" ON "study" ("patient_id")`);
    await q.query(`CREATE INDEX "idx_study_study_date" ON "study" ("study_date")`);

    await q.query(`CREATE TABLE "series" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "series_instance_uid" text NOT NULL,
      "study_id" uuid NOT NULL,
      "modality" text,
      "series_number" integer,
      "series_description" text,
      "body_part_examined" text,
      "frame_of_reference_uid" text,
      "state" text NOT NULL DEFAULT 'received',
      "expected_instances" integer,
      "last_instance_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "completed_at" TIMESTAMP WITH TIME ZONE,
      "route" jsonb,
      "error_code" text,
      "state_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "generation" integer NOT NULL DEFAULT 0,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "uq_series_series_instance_uid" UNIQUE ("series_instance_uid"),
      CONSTRAINT "ck_series_state" CHECK ("state" IN ('received', 'complete', 'queued', 'running',
        'segmented', 'delivered', 'failed')),
      CONSTRAINT "pk_series" PRIMARY KEY ("id"),
      CONSTRAINT "fk_series_study" FOREIGN KEY ("study_id")
        REFERENCES "study"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "idx_series_state_last_instance" ON "series" ("state", "last_instance_at")`);
    await q.query(`CREATE INDEX "idx_series_study_modality" ON "series" ("study_id", "modality")`);

    await q.query(`CREATE TABLE "instance" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "sop_instance_uid" text NOT NULL,
      "series_id" uuid NOT NULL,
      "sop_class_uid" text NOT NULL,
      "transfer_syntax_uid" text NOT NULL,
      "instance_number" integer,
      "rows" integer,
      "columns" integer,
      "number_of_frames" integer,
      "bits_allocated" integer,
      "image_position_patient" double precision array,
      "image_orientation_patient" double precision array,
      "pixel_spacing" double precision array,
      "slice_thickness" double precision,
      "size_bytes" bigint NOT NULL,
      "sha256" character(64) NOT NULL,
      "object_key" text NOT NULL,
      "received_via" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "uq_instance_sop_instance_uid" UNIQUE ("sop_instance_uid"),
      CONSTRAINT "pk_instance" PRIMARY KEY ("id"),
      CONSTRAINT "fk_instance_series" FOREIGN KEY ("series_id")
        REFERENCES "series"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "idx_instance_series_number" ON "instance" ("series_id", "instance_number")`);

    await q.query(`CREATE TABLE "vault_record" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "lookup_key" text NOT NULL,
      "key_id" text NOT NULL,
      "wrapped_key" bytea NOT NULL,
      "iv" bytea NOT NULL,
      "tag" bytea NOT NULL,
      "ciphertext" bytea NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "delivered_at" TIMESTAMP WITH TIME ZONE,
      "purge_after" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "uq_vault_record_lookup_key" UNIQUE ("lookup_key"),
      CONSTRAINT "pk_vault_record" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_vault_record_purge_after" ON "vault_record" ("purge_after")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['vault_record', 'instance', 'series', 'study', 'patient']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
