import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segmentation pipeline state (issue 4): when a series was queued, started and finished, what the
 * worker reported, and one row of volumetry per segment so volumes can be queried over time.
 */
export class Segmentation1767312000000 implements MigrationInterface {
  name = 'Segmentation1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "series"
      ADD COLUMN "queued_at" TIMESTAMP WITH TIME ZONE,
      ADD COLUMN "started_at" TIMESTAMP WITH TIME ZONE,
      ADD COLUMN "finished_at" TIMESTAMP WITH TIME ZONE,
      ADD COLUMN "prepare_ms" integer,
      ADD COLUMN "attempts" integer NOT NULL DEFAULT 0,
      ADD COLUMN "segmentation" jsonb`);
    await q.query(`CREATE TABLE "segment_volume" (
      "series_id" uuid NOT NULL,
      "label" smallint NOT NULL,
      "name" text NOT NULL,
      "voxels" bigint NOT NULL,
      "volume_ml" double precision NOT NULL,
      CONSTRAINT "pk_segment_volume" PRIMARY KEY ("series_id", "label"),
      CONSTRAINT "fk_segment_volume_series" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "segment_volume"`);
    await q.query(`ALTER TABLE "series" DROP COLUMN "segmentation", DROP COLUMN "attempts", DROP COLUMN "prepare_ms",
      DROP COLUMN "finished_at", DROP COLUMN "started_at", DROP COLUMN "queued_at"`);
  }
}
