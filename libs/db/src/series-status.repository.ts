import { In, type DataSource, type EntityManager } from 'typeorm';
import { DeliveryEntity, InstanceEntity, SegmentVolumeEntity, SeriesEntity, type SeriesState } from './entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SeriesStatus {
  series: SeriesEntity;
  volumes: SegmentVolumeEntity[];
  deliveries: DeliveryEntity[];
}

export interface SeriesStatusPage {
  total: number;
  items: SeriesStatus[];
}

export interface SeriesListQuery {
  state?: SeriesState;
  limit: number;
  offset: number;
}

/**
 * The read side of the pipeline status API. A status spans three tables that different
 * processes write (tracker, delivery); each read runs in ONE REPEATABLE READ snapshot, so a page
 * never shows a series as 'delivered' beside a delivery row that is still pending.
 */
export class SeriesStatusRepository {
  constructor(private readonly ds: DataSource) {}

  /** Received series only: a research SEG series (instances 'derived') is a result, shown with its source. */
  list(q: SeriesListQuery): Promise<SeriesStatusPage> {
    return this.snapshot(async (em) => {
      const qb = em
        .createQueryBuilder(SeriesEntity, 's')
        .where(`NOT EXISTS (SELECT 1 FROM "instance" i WHERE i.series_id = s.id AND i.received_via = 'derived')`)
        .orderBy('s.createdAt', 'DESC')
        .take(q.limit)
        .skip(q.offset);
      if (q.state) qb.andWhere('s.state = :state', { state: q.state });
      const [rows, total] = await qb.getManyAndCount();
      return { total, items: await this.withDetails(em, rows) };
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
    return rows.map((series) => ({
      series,
      volumes: volumes.filter((v) => v.seriesId === series.id),
      deliveries: deliveries.filter((d) => d.seriesId === series.id),
    }));
  }

  private snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }
}
