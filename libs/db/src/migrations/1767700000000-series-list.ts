import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's series list (issue 15): newest first, filtered by state, modality, routed model or
 * rule, and a received date range, paged by keyset (created_at, id). Each filter gets an index that
 * leads with it and then follows the answer order, so a page reads `limit` index entries and stops,
 * at any depth; the date range is a range on the same created_at column. The partial index on derived
 * instances keeps the "received series only" anti-join to the few research SEG series.
 */
export class SeriesList1767700000000 implements MigrationInterface {
  name = 'SeriesList1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_series_list_order" ON "series" ("created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "idx_series_list_state" ON "series" ("state", "created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "idx_series_list_modality" ON "series" ("modality", "created_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "idx_series_list_model" ON "series" (("route"->>'modelId'), "created_at" DESC, "id" DESC)`,
    );
    await q.query(
      `CREATE INDEX "idx_series_list_rule" ON "series" (("route"->>'ruleName'), "created_at" DESC, "id" DESC)`,
    );
    await q.query(
      `CREATE INDEX "idx_instance_derived_series" ON "instance" ("series_id") WHERE "received_via" = 'derived'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_instance_derived_series"`);
    await q.query(`DROP INDEX "idx_series_list_rule"`);
    await q.query(`DROP INDEX "idx_series_list_model"`);
    await q.query(`DROP INDEX "idx_series_list_modality"`);
    await q.query(`DROP INDEX "idx_series_list_state"`);
    await q.query(`DROP INDEX "idx_series_list_order"`);
  }
}
