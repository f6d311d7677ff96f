import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { InstanceEntity, PatientEntity, SeriesEntity, StudyEntity } from './entities';
import type { LevelAttributes } from './entities/level-attributes';
import { applyQidoFilter, QidoFilter } from './qido-filter';
import { QIDO_INSTANCE_KEYS, QIDO_SERIES_KEYS, QIDO_STUDY_KEYS } from './qido-columns';

export interface QidoStudyRow {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  studyDescription: string | null;
  modalitiesInStudy: string[];
  /** De-identified study attributes without a column; null for rows stored before they existed. */
  studyAttributes: LevelAttributes | null;
  numberOfStudyRelatedSeries: number;
  numberOfStudyRelatedInstances: number;
}

export interface QidoSeriesRow extends Omit<
  QidoStudyRow,
  'numberOfStudyRelatedSeries' | 'numberOfStudyRelatedInstances'
> {
  seriesInstanceUid: string;
  modality: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  bodyPartExamined: string | null;
  seriesAttributes: LevelAttributes | null;
  numberOfSeriesRelatedInstances: number;
}

export interface QidoInstanceRow extends Omit<QidoSeriesRow, 'numberOfSeriesRelatedInstances'> {
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  bitsAllocated: number | null;
  numberOfFrames: number | null;
  imagePositionPatient: number[] | null;
  imageOrientationPatient: number[] | null;
  pixelSpacing: number[] | null;
  sliceThickness: number | null;
}

export interface RetrievalRow {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  objectKey: string;
}

type WithModalities<T> = Omit<T, 'modalitiesInStudy'> & { modalities: string | null };
const withModalities = <T>({ modalities, ...r }: WithModalities<T>): T =>
  ({ ...r, modalitiesInStudy: modalities ? modalities.split('\\') : [] }) as T;

/** Read side for QIDO-RS and WADO-RS. Column names come only from QIDO_COLUMNS. */
export class QidoRepository {
  constructor(private readonly ds: DataSource) {}

  async searchStudies(filter: QidoFilter, em = this.ds.manager): Promise<QidoStudyRow[]> {
    const qb = this.studies(em)
      .addSelect(
        '(SELECT count(*)::int FROM "series" "c" WHERE "c"."study_id" = "st"."id")',
        'numberOfStudyRelatedSeries',
      )
      .addSelect(
        `(SELECT count(*)::int FROM "instance" "ci" JOIN "series" "cs" ON "cs"."id" = "ci"."series_id"
          WHERE "cs"."study_id" = "st"."id")`,
        'numberOfStudyRelatedInstances',
      )
      // Matches idx_study_list_order, so a limited page walks the index.
      .orderBy('"st"."study_date"', 'DESC', 'NULLS LAST')
      .addOrderBy('"st"."study_instance_uid"');
    applyQidoFilter(qb, filter, QIDO_STUDY_KEYS);
    return (await qb.getRawMany<WithModalities<QidoStudyRow>>()).map(withModalities);
  }

  async searchSeries(filter: QidoFilter, em = this.ds.manager): Promise<QidoSeriesRow[]> {
    const qb = this.series(em)
      .addSelect(
        '(SELECT count(*)::int FROM "instance" "c" WHERE "c"."series_id" = "se"."id")',
        'numberOfSeriesRelatedInstances',
      )
      .orderBy('"st"."study_date"', 'DESC', 'NULLS LAST')
      .addOrderBy('"st"."study_instance_uid"')
      .addOrderBy('"se"."series_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"se"."series_instance_uid"');
    applyQidoFilter(qb, filter, QIDO_SERIES_KEYS);
    return (await qb.getRawMany<WithModalities<QidoSeriesRow>>()).map(withModalities);
  }

  async searchInstances(filter: QidoFilter, em = this.ds.manager): Promise<QidoInstanceRow[]> {
    const qb = this.instances(em)
      .addSelect('"i"."instance_number"', 'instanceNumber')
      .addSelect('"i"."rows"', 'rows')
      .addSelect('"i"."columns"', 'columns')
      .addSelect('"i"."bits_allocated"', 'bitsAllocated')
      .addSelect('"i"."number_of_frames"', 'numberOfFrames')
      .addSelect('"i"."image_position_patient"', 'imagePositionPatient')
      .addSelect('"i"."image_orientation_patient"', 'imageOrientationPatient')
      .addSelect('"i"."pixel_spacing"', 'pixelSpacing')
      .addSelect('"i"."slice_thickness"', 'sliceThickness')
      .orderBy('"st"."study_date"', 'DESC', 'NULLS LAST')
      .addOrderBy('"st"."study_instance_uid"')
      .addOrderBy('"se"."series_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"se"."series_instance_uid"')
      .addOrderBy('"i"."instance_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"i"."sop_instance_uid"');
    applyQidoFilter(qb, filter, QIDO_INSTANCE_KEYS);
    return (await qb.getRawMany<WithModalities<QidoInstanceRow>>()).map(withModalities);
  }

  /** What WADO-RS needs to stream a study, series or instance, in series then instance order. */
  listInstancesForRetrieval(
    studyUid: string,
    seriesUid?: string,
    sopUid?: string,
    em = this.ds.manager,
  ): Promise<RetrievalRow[]> {
    const qb = em
      .createQueryBuilder()
      .from(InstanceEntity, 'i')
      .innerJoin(SeriesEntity, 'se', '"se"."id" = "i"."series_id"')
      .innerJoin(StudyEntity, 'st', '"st"."id" = "se"."study_id"')
      .select('"st"."study_instance_uid"', 'studyInstanceUid')
      .addSelect('"se"."series_instance_uid"', 'seriesInstanceUid')
      .addSelect('"i"."sop_instance_uid"', 'sopInstanceUid')
      .addSelect('"i"."sop_class_uid"', 'sopClassUid')
      .addSelect('"i"."transfer_syntax_uid"', 'transferSyntaxUid')
      .addSelect('"i"."object_key"', 'objectKey')
      .where('"st"."study_instance_uid" = :studyUid', { studyUid });
    if (seriesUid !== undefined) qb.andWhere('"se"."series_instance_uid" = :seriesUid', { seriesUid });
    if (sopUid !== undefined) qb.andWhere('"i"."sop_instance_uid" = :sopUid', { sopUid });
    return qb
      .orderBy('"se"."series_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"se"."series_instance_uid"')
      .addOrderBy('"i"."instance_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"i"."sop_instance_uid"')
      .getRawMany<RetrievalRow>();
  }

  private studies(em: EntityManager): SelectQueryBuilder<object> {
    return em
      .createQueryBuilder()
      .from(StudyEntity, 'st')
      .innerJoin(PatientEntity, 'p', '"p"."id" = "st"."patient_id"')
      .select('"st"."study_instance_uid"', 'studyInstanceUid')
      .addSelect('"p"."pseudo_patient_id"', 'patientId')
      .addSelect('"st"."study_date"', 'studyDate')
      .addSelect('"st"."study_time"', 'studyTime')
      .addSelect('"st"."accession_number"', 'accessionNumber')
      .addSelect('"st"."study_description"', 'studyDescription')
      .addSelect('"st"."modalities_in_study"', 'modalities')
      .addSelect('"st"."attributes"', 'studyAttributes');
  }

  private series(em: EntityManager): SelectQueryBuilder<object> {
    return this.studies(em)
      .innerJoin(SeriesEntity, 'se', '"se"."study_id" = "st"."id"')
      .addSelect('"se"."series_instance_uid"', 'seriesInstanceUid')
      .addSelect('"se"."modality"', 'modality')
      .addSelect('"se"."series_number"', 'seriesNumber')
      .addSelect('"se"."series_description"', 'seriesDescription')
      .addSelect('"se"."body_part_examined"', 'bodyPartExamined')
      .addSelect('"se"."attributes"', 'seriesAttributes');
  }

  private instances(em: EntityManager): SelectQueryBuilder<object> {
    return this.series(em)
      .innerJoin(InstanceEntity, 'i', '"i"."series_id" = "se"."id"')
      .addSelect('"i"."sop_instance_uid"', 'sopInstanceUid')
      .addSelect('"i"."sop_class_uid"', 'sopClassUid')
      .addSelect('"i"."transfer_syntax_uid"', 'transferSyntaxUid');
  }
}
