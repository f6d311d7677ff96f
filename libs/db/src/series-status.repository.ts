import { In, type DataSource, type EntityManager } from 'typeorm';
import { DeliveryEntity, InstanceEntity, SegmentVolumeEntity, SeriesEntity, StudyEntity } from './entities';
import { latestModelRuns, type ModelRunRow } from './model-runs';
import { applySeriesCursor, applySeriesFilter, type SeriesListQuery } from './series-list';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SeriesStatus {
  series: SeriesEntity;
  /** The study's pseudonymized Study Instance UID: the one QIDO-RS and WADO-RS serve (a viewer opens it). */
  studyInstanceUid: string;
  volumes: SegmentVolumeEntity[];
  deliveries: DeliveryEntity[];
}

export interface SeriesStatusPage {
  /** Exact number of matching series; only when the query asked for it (`count`). */
  total?: number;
  items: SeriesStatus[];
  /** Cursor for the next page (our id of this page's last row); absent on the last page. */
  next?: string;
}

export interface SeriesEventRow {
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  state: string;
  generation: number;
  modelId: string | null;
  stateChangedAt: Date;
}

export interface LiveStats {
  seriesByState: Record<string, number>;
  instancesLastMinute: number;
  deadLetters: number;
}

/**
 * The read side of the pipeline status API. A status spans three tables that different
 * processes write (tracker, delivery); each read runs in ONE REPEATABLE READ snapshot, so a page
 * never shows a series as 'delivered' beside a delivery row that is still pending.
 */
export class SeriesStatusRepository {
  constructor(private readonly ds: DataSource) {}

  /** The latest finished run of each model on each engine (the console's Models page). */
  latestModelRuns(): Promise<ModelRunRow[]> {
    return latestModelRuns(this.ds);
  }

  /** Received series, newest first (created_at DESC, id DESC: stable when two share a timestamp). */
  list(q: SeriesListQuery): Promise<SeriesStatusPage> {
    return this.snapshot(async (em) => {
      const qb = em.createQueryBuilder(SeriesEntity, 's');
      applySeriesFilter(qb, q);
      const total = q.count ? await qb.clone().getCount() : undefined;
      if (q.after !== undefined) applySeriesCursor(qb, q.after);
      qb.orderBy('s.createdAt', 'DESC')
        .addOrderBy('s.id', 'DESC')
        .limit(q.limit + 1);
      if (q.after === undefined && q.offset) qb.offset(q.offset);
      const rows = await qb.getMany();
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      return { total, items: await this.withDetails(em, page), next: more ? page[page.length - 1].id : undefined };
    });
  }

  /** One series by our id or its (pseudonymized) Series Instance UID, with its instance count. */
  detail(idOrUid: string): Promise<(SeriesStatus & { instances: number }) | undefined> {
    return this.snapshot(async (em) => {
      const s = await em.findOneBy(SeriesEntity, UUID.test(idOrUid) ? { id: idOrUid } : { seriesInstanceUid: idOrUid });
      if (!s) return undefined;
      const [status] = await this.withDetails(em, [s]);
      return { ...status, instances: await em.countBy(InstanceEntity, { seriesId: s.id }) };
    });
  }

  /** Resolves our id or a pseudonymized Series Instance UID to the series row. */
  find(idOrUid: string): Promise<SeriesEntity | null> {
    return this.ds.manager.findOneBy(
      SeriesEntity,
      UUID.test(idOrUid) ? { id: idOrUid } : { seriesInstanceUid: idOrUid },
    );
  }

  private async withDetails(em: EntityManager, rows: SeriesEntity[]): Promise<SeriesStatus[]> {
    const ids = rows.map((r) => r.id);
    if (!ids.length) return [];
    const volumes = await em.find(SegmentVolumeEntity, {
      where: { seriesId: In(ids) },
      order: { seriesId: 'ASC', label: 'ASC' },
    });
    const deliveries = await em.find(DeliveryEntity, { where: { seriesId: In(ids) }, order: { destination: 'ASC' } });
    const studies = await em.find(StudyEntity, {
      select: { id: true, studyInstanceUid: true },
      where: { id: In([...new Set(rows.map((r) => r.studyId))]) },
    });
    const studyUid = new Map(studies.map((st) => [st.id, st.studyInstanceUid]));
    return rows.map((series) => ({
      series,
      studyInstanceUid: studyUid.get(series.studyId)!,
      volumes: volumes.filter((v) => v.seriesId === series.id),
      deliveries: deliveries.filter((d) => d.seriesId === series.id),
    }));
  }

  /** The pseudonymous fields a live `series` event carries (no dataset value beyond UIDs). */
  async eventRow(seriesId: string): Promise<SeriesEventRow | undefined> {
    const rows: SeriesEventRow[] = await this.ds.query(
      `SELECT s.id, s.series_instance_uid AS "seriesInstanceUid", st.study_instance_uid AS "studyInstanceUid",
              s.state, s.generation, s.route ->> 'modelId' AS "modelId", s.state_changed_at AS "stateChangedAt"
         FROM "series" s JOIN "study" st ON st.id = s.study_id WHERE s.id = $1`,
      [seriesId],
    );
    return rows[0];
  }

  /** The console's live figures, one statement for all clients (series by state, last minute, dead letters). */
  async liveStats(): Promise<LiveStats> {
    const [byState, recent, dead]: [{ state: string; n: string }[], { n: string }[], { n: string }[]] =
      await Promise.all([
        this.ds.query(`SELECT state, count(*) AS n FROM "series" GROUP BY state`),
        this.ds.query(`SELECT count(*) AS n FROM "instance" WHERE created_at > now() - interval '1 minute'`),
        this.ds.query(`SELECT count(*) AS n FROM "delivery" WHERE state = 'dead-letter'`),
      ]);
    return {
      seriesByState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])),
      instancesLastMinute: Number(recent[0]?.n ?? 0),
      deadLetters: Number(dead[0]?.n ?? 0),
    };
  }

  private snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }
}
