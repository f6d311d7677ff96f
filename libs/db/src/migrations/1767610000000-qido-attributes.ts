import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * QIDO-RS (issue 14): the de-identified study- and series-level attributes that have no column of
 * their own (PatientName, StudyID, ReferringPhysicianName, PerformedProcedureStepStartDate,
 * RequestAttributesSequence …) as JSON, and the indexes the typical searches need:
 * - the study list in its answer order (StudyDate DESC NULLS LAST, then the UID), so a date range
 *   with a limit walks the index and stops;
 * - prefix wildcards on PatientID and case-insensitive PatientName (PS3.4 §C.2.2.2.4, PN per
 *   PS3.18 §8.3.4.6): LIKE 'x%' can use only a text_pattern_ops index under a non-C collation;
 * - ModalitiesInStudy: series by modality, then study, for the EXISTS semi-join.
 */
export class QidoAttributes1767610000000 implements MigrationInterface {
  name = 'QidoAttributes1767610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "study" ADD "attributes" jsonb`);
    await q.query(`ALTER TABLE "series" ADD "attributes" jsonb`);
    await q.query(
      `CREATE INDEX "idx_study_list_order" ON "study" ("study_date" DESC NULLS LAST, "study_instance_uid")`,
    );
    await q.query(`CREATE INDEX "idx_patient_pseudo_id_pattern" ON "patient" ("pseudo_patient_id" text_pattern_ops)`);
    await q.query(
      `CREATE INDEX "idx_study_patient_name_ci" ON "study" (lower("attributes"->>'PatientName') text_pattern_ops)`,
    );
    await q.query(`CREATE INDEX "idx_study_accession_pattern" ON "study" ("accession_number" text_pattern_ops)`);
    await q.query(`CREATE INDEX "idx_series_modality_study" ON "series" ("modality", "study_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_series_modality_study"`);
    await q.query(`DROP INDEX "idx_study_accession_pattern"`);
    await q.query(`DROP INDEX "idx_study_patient_name_ci"`);
    await q.query(`DROP INDEX "idx_patient_pseudo_id_pattern"`);
    await q.query(`DROP INDEX "idx_study_list_order"`);
    await q.query(`ALTER TABLE "series" DROP COLUMN "attributes"`);
    await q.query(`ALTER TABLE "study" DROP COLUMN "attributes"`);
  }
}
