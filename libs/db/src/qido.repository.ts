import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { InstanceEntity, PatientEntity, SeriesEntity, StudyEntity } from './entities';
import { applyQidoFilter, QidoFilter, QidoInstanceKey, QidoSeriesKey, QidoStudyKey } from './qido-filter';

export interface QidoStudyRow {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  studyDescription: string | null;
  modalitiesInStudy: string[];
  numberOfStudyRelatedSeries: number;
  numberOfStudyRelatedInstances: number;
}

export interface QidoSeriesRow {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  bodyPartExamined: string | null;
  numberOfSeriesRelatedInstances: number;
}

export interface QidoInstanceRow {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | null;
}

export interface RetrievalRow {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  objectKey: string;
}

const STUDY_KEYS: QidoStudyKey[] = [
  'StudyInstanceUID',
  'PatientID',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'StudyDescription',
  'ModalitiesInStudy',
];
const SERIES_KEYS: QidoSeriesKey[] = [
  ...STUDY_KEYS,
  'SeriesInstanceUID',
  'Modality',
  'SeriesNumber',
  'SeriesDescription',
  'BodyPartExamined',
];
const INSTANCE_KEYS: QidoInstanceKey[] = [...SERIES_KEYS, 'SOPInstanceUID', 'SOPClassUID', 'InstanceNumber'];

/** Read side for QIDO-RS and WADO-RS. Column names come only from QIDO_COLUMNS. */
export class QidoRepository {
  constructor(private readonly ds: DataSource) {}

  async searchStudies(filter: QidoFilter<QidoStudyKey>, em = this.ds.manager): Promise<QidoStudyRow[]> {
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
      .orderBy('"st"."study_date"', 'DESC', 'NULLS LAST')
      .addOrderBy('"st"."study_instance_uid"');
    applyQidoFilter(qb, filter, STUDY_KEYS);
    const rows = await qb.getRawMany<Omit<QidoStudyRow, 'modalitiesInStudy'> & { modalities: string | null }>();
    return rows.map(({ modalities, ...r }) => ({ ...r, modalitiesInStudy: modalities ? modalities.split('\\') : [] }));
  }

  async searchSeries(filter: QidoFilter<QidoSeriesKey>, em = this.ds.manager): Promise<QidoSeriesRow[]> {
    const qb = this.series(em)
      .addSelect('"se"."modality"', 'modality')
      .addSelect('"se"."series_number"', 'seriesNumber')
      .addSelect('"se"."series_description"', 'seriesDescription')
      .addSelect('"se"."body_part_examined"', 'bodyPartExamined')
      .addSelect(
        '(SELECT count(*)::int FROM "instance" "c" WHERE "c"."series_id" = "se"."id")',
        'numberOfSeriesRelatedInstances',
      )
      .orderBy('"se"."series_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"se"."series_instance_uid"');
    applyQidoFilter(qb, filter, SERIES_KEYS);
    return qb.getRawMany<QidoSeriesRow>();
  }

  async searchInstances(filter: QidoFilter<QidoInstanceKey>, em = this.ds.manager): Promise<QidoInstanceRow[]> {
    const qb = this.instances(em)
      .addSelect('"i"."instance_number"', 'instanceNumber')
      .addSelect('"i"."rows"', 'rows')
      .addSelect('"i"."columns"', 'columns')
      .addSelect('"i"."number_of_frames"', 'numberOfFrames')
      .orderBy('"se"."series_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"se"."series_instance_uid"')
      .addOrderBy('"i"."instance_number"', 'ASC', 'NULLS LAST')
      .addOrderBy('"i"."sop_instance_uid"');
    applyQidoFilter(qb, filter, INSTANCE_KEYS);
    return qb.getRawMany<QidoInstanceRow>();
  }

  /** What WADO-RS needs to stream a study, series or instance, in series then instance order. */
  listInstancesForRetrieval(
    studyUid: string,
    seriesUid?: string,
    sopUid?: string,
    em = this.ds.manager,
  ): Promise<RetrievalRow[]> {
    const qb = this.instances(em)
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
      .addSelect('"st"."modalities_in_study"', 'modalities');
  }

  private series(em: EntityManager): SelectQueryBuilder<object> {
    return em
      .createQueryBuilder()
      .from(SeriesEntity, 'se')
      .innerJoin(StudyEntity, 'st', '"st"."id" = "se"."study_id"')
      .innerJoin(PatientEntity, 'p', '"p"."id" = "st"."patient_id"')
      .select('"st"."study_instance_uid"', 'studyInstanceUid')
      .addSelect('"se"."series_instance_uid"', 'seriesInstanceUid');
  }

  private instances(em: EntityManager): SelectQueryBuilder<object> {
    return this.series(em)
      .innerJoin(InstanceEntity, 'i', '"i"."series_id" = "se"."id"')
      .addSelect('"i"."sop_instance_uid"', 'sopInstanceUid')
      .addSelect('"i"."sop_class_uid"', 'sopClassUid')
      .addSelect('"i"."transfer_syntax_uid"', 'transferSyntaxUid');
  }
}
