import type { FindOneOptions, FindOptionsWhere, QueryDeepPartialEntity } from 'typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InstanceEntity, PatientEntity, SeriesEntity, StudyEntity } from './entities';
import type { NewInstanceInput, UpsertInstanceResult } from './archive.types';

/** DICOM multi-valued attributes are joined with '\' (PS3.5 6.4). */
const VALUE_SEPARATOR = '\\';

/** The archive's write path and series completion. Writes take the caller's transaction. */
export class ArchiveRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Upserts patient, study and series by pseudonymized UIDs, then the instance. The series row is
   * locked for the rest of the transaction, so instances of one series serialize and a reopen
   * (generation + 1) cannot interleave with another instance of the same series.
   */
  async upsertInstance(em: EntityManager, input: NewInstanceInput): Promise<UpsertInstanceResult> {
    const patient = await this.ensure(em, PatientEntity, { pseudoPatientId: input.pseudoPatientId });
    const { studyInstanceUid } = input.study;
    const study = await this.ensure(em, StudyEntity, { studyInstanceUid }, { ...input.study, patientId: patient.id });
    const { seriesInstanceUid } = input.series;
    const seriesValues = { ...input.series, studyId: study.id, route: input.route ?? null };
    const created = await this.ensure(em, SeriesEntity, { seriesInstanceUid }, seriesValues);
    if (created.inserted) await this.addStudyModality(em, study.id, input.series.modality);
    const series = await em.findOneOrFail(SeriesEntity, {
      where: { id: created.id },
      lock: { mode: 'pessimistic_write' },
    });
    const ids = { seriesId: series.id, studyId: study.id };
    const { sopInstanceUid } = input.instance;
    const existing = await em.findOne(InstanceEntity, {
      where: { sopInstanceUid },
      lock: { mode: 'pessimistic_write' },
    });
    if (existing?.sha256 === input.instance.sha256) {
      return { outcome: 'identical', instanceId: existing.id, ...ids, seriesReopened: false };
    }
    const seriesReopened = await this.touchSeries(em, series, input);
    const values = { ...input.instance, seriesId: series.id };
    if (existing) {
      await em.update(InstanceEntity, existing.id, values);
      const previousObjectKey = existing.objectKey;
      return { outcome: 'replaced', instanceId: existing.id, ...ids, seriesReopened, previousObjectKey };
    }
    const instance = await this.ensure(em, InstanceEntity, { sopInstanceUid }, values);
    return { outcome: 'created', instanceId: instance.id, ...ids, seriesReopened };
  }

  /**
   * Moves a series to 'complete' only if it is still 'received' in the given generation (and, when
   * quietBefore is given, has had no instance since): a late instance racing completion wins.
   */
  async markSeriesComplete(
    em: EntityManager,
    seriesId: string,
    generation: number,
    quietBefore?: Date,
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(SeriesEntity)
      .set({ state: 'complete', completedAt: () => 'now()', stateChangedAt: () => 'now()' })
      .where('id = :seriesId AND generation = :generation AND state = :state', {
        seriesId,
        generation,
        state: 'received',
      });
    if (quietBefore) qb.andWhere('last_instance_at < :quietBefore', { quietBefore });
    const result = await qb.execute();
    return result.affected === 1;
  }

  /** Series still receiving whose last instance arrived before quietBefore, oldest first. */
  findSeriesDueForCompletion(quietBefore: Date, limit = 100, em = this.ds.manager): Promise<SeriesEntity[]> {
    return em
      .createQueryBuilder(SeriesEntity, 's')
      .where('s.state = :state AND s.lastInstanceAt < :quietBefore', { state: 'received', quietBefore })
      .orderBy('s.lastInstanceAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** received → complete outside a caller's transaction (series completion). */
  completeSeries(seriesId: string, generation: number): Promise<boolean> {
    return this.markSeriesComplete(this.ds.manager, seriesId, generation);
  }

  async generationOf(seriesId: string): Promise<number | undefined> {
    const s = await this.ds.manager.findOne(SeriesEntity, {
      where: { id: seriesId },
      select: { id: true, generation: true },
    });
    return s?.generation;
  }

  /** The stored instances of a series: pseudonymized SOP Instance UIDs and object keys. */
  instancesOf(seriesId: string): Promise<Array<{ sopInstanceUid: string; objectKey: string }>> {
    return this.ds.manager.find(InstanceEntity, {
      where: { seriesId },
      select: { id: true, sopInstanceUid: true, objectKey: true },
      order: { sopInstanceUid: 'ASC' },
    });
  }

  seriesInstanceCount(seriesId: string, em = this.ds.manager): Promise<number> {
    return em.count(InstanceEntity, { where: { seriesId } });
  }

  /** INSERT ... ON CONFLICT DO NOTHING, then SELECT: safe against concurrent first inserts. */
  private async ensure<T extends { id: string }>(
    em: EntityManager,
    entity: new () => T,
    key: FindOptionsWhere<T>,
    values: object = key,
  ): Promise<{ id: string; inserted: boolean }> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values({ ...key, ...values } as QueryDeepPartialEntity<T>)
      .orIgnore()
      .returning(['id'])
      .updateEntity(false)
      .execute();
    const rows = result.raw as { id: string }[];
    if (rows.length > 0) return { id: rows[0].id, inserted: true };
    const row = await em.findOneOrFail(entity, { where: key, select: { id: true } } as FindOneOptions<T>);
    return { id: row.id, inserted: false };
  }

  private async touchSeries(em: EntityManager, series: SeriesEntity, input: NewInstanceInput): Promise<boolean> {
    const reopen = series.state !== 'received';
    const setRoute = input.route && (reopen || series.route === null);
    await em.update(SeriesEntity, series.id, {
      lastInstanceAt: () => 'now()',
      ...(reopen
        ? {
            state: 'received',
            generation: () => 'generation + 1',
            stateChangedAt: () => 'now()',
            completedAt: null,
            errorCode: null,
          }
        : {}),
      ...(setRoute ? { route: input.route } : {}),
    });
    return reopen;
  }

  /** Merges against the row's latest version, so concurrent new series of one study all land. */
  private async addStudyModality(em: EntityManager, studyId: string, modality?: string | null) {
    if (!modality) return;
    await em.query(
      `UPDATE "study" SET "updated_at" = now(), "modalities_in_study" = (
         SELECT string_agg(m, $3 ORDER BY m) FROM (
           SELECT DISTINCT unnest(string_to_array(coalesce("study"."modalities_in_study", ''), $3) || ARRAY[$2::text]) AS m
         ) d WHERE m <> '')
       WHERE "id" = $1`,
      [studyId, modality, VALUE_SEPARATOR],
    );
  }
}
