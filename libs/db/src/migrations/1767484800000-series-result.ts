import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The results step (issue 11): the generation whose research SEG is stored and registered in the
 * archive. Delivery starts only from a stored result, and the reconciler finds segmented series
 * whose result is missing (a crash between segmentation and registration) by this column.
 */
export class SeriesResult1767484800000 implements MigrationInterface {
  name = 'SeriesResult1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "series" ADD "result_generation" integer`);
    // Series that already have a research SEG in the archive keep it: mark them as stored.
    await q.query(
      `UPDATE "series" s SET "result_generation" = s."generation" WHERE s."state" IN ('segmented', 'delivered')
         AND EXISTS (SELECT 1 FROM "instance" i WHERE i."object_key" = 'results/' || s."id" || '/' || s."generation" || '/seg.dcm')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "series" DROP COLUMN "result_generation"`);
  }
}
