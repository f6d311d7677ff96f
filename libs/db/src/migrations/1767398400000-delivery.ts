import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Result delivery (issue 5): one row per series and destination. No identifier is stored here:
 * the re-identified SEG exists only in memory and on the wire.
 */
export class Delivery1767398400000 implements MigrationInterface {
  name = 'Delivery1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "delivery" (
      "series_id" uuid NOT NULL,
      "destination" text NOT NULL,
      "generation" integer NOT NULL,
      "state" text NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT 0,
      "error_code" text,
      "delivered_at" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_delivery" PRIMARY KEY ("series_id", "destination"),
      CONSTRAINT "ck_delivery_state" CHECK ("state" IN ('pending', 'delivered', 'dead-letter')),
      CONSTRAINT "fk_delivery_series" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "idx_delivery_state" ON "delivery" ("state", "updated_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "delivery"`);
  }
}
