import { In, type DataSource } from 'typeorm';
import { DeliveryEntity } from './entities/delivery.entity';
import { SeriesEntity } from './entities/series.entity';

/**
 * Delivery rows and the series' move to 'delivered'. Every update is keyed on the generation, so
 * an outcome for an older result (the series was re-run meanwhile) changes nothing.
 */
export class DeliveryRepository {
  constructor(private readonly ds: DataSource) {}

  /** One pending row per destination for this generation (an older generation's row is replaced). */
  async schedule(seriesId: string, generation: number, destinations: readonly string[]): Promise<void> {
    if (!destinations.length) return;
    await this.ds.query(
      `INSERT INTO "delivery" ("series_id", "destination", "generation") SELECT $1, d, $2 FROM unnest($3::text[]) AS d
       ON CONFLICT ("series_id", "destination") DO UPDATE SET "generation" = EXCLUDED."generation", "state" = 'pending',
         "attempts" = 0, "error_code" = NULL, "delivered_at" = NULL, "updated_at" = now()
       WHERE "delivery"."generation" < EXCLUDED."generation"`,
      [seriesId, generation, [...destinations]],
    );
  }

  async attempt(
    seriesId: string,
    destination: string,
    generation: number,
    attempts: number,
    errorCode: string | null,
  ): Promise<void> {
    await this.ds.manager.update(
      DeliveryEntity,
      { seriesId, destination, generation, state: 'pending' },
      { attempts, errorCode },
    );
  }

  async deadLetter(
    seriesId: string,
    destination: string,
    generation: number,
    attempts: number,
    errorCode: string,
  ): Promise<boolean> {
    const r = await this.ds.manager.update(
      DeliveryEntity,
      { seriesId, destination, generation, state: 'pending' },
      { state: 'dead-letter', attempts, errorCode },
    );
    return r.affected === 1;
  }

  /** Back to pending for a replay; only a dead-lettered row. */
  async replay(seriesId: string, destination: string): Promise<DeliveryEntity | undefined> {
    const r = await this.ds.manager.update(
      DeliveryEntity,
      { seriesId, destination, state: 'dead-letter' },
      { state: 'pending', attempts: 0, errorCode: null },
    );
    return r.affected === 1
      ? ((await this.ds.manager.findOneBy(DeliveryEntity, { seriesId, destination })) ?? undefined)
      : undefined;
  }

  /**
   * Marks one destination delivered; when it was the last, the series becomes 'delivered' in the
   * same transaction. Returns whether the whole series is now delivered.
   */
  delivered(seriesId: string, destination: string, generation: number, attempts: number): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .update(DeliveryEntity)
        .set({ state: 'delivered', attempts, errorCode: null, deliveredAt: () => 'now()' })
        .where('series_id = :seriesId AND destination = :destination AND generation = :generation', {
          seriesId,
          destination,
          generation,
        })
        .execute();
      const open = await em.count(DeliveryEntity, {
        where: { seriesId, generation, state: In(['pending', 'dead-letter']) },
      });
      if (open > 0) return false;
      const r = await em
        .createQueryBuilder()
        .update(SeriesEntity)
        .set({ state: 'delivered', stateChangedAt: () => 'now()' })
        .where(`id = :seriesId AND generation = :generation AND state = 'segmented'`, { seriesId, generation })
        .execute();
      return r.affected === 1;
    });
  }

  find(seriesId: string, destination: string): Promise<DeliveryEntity | null> {
    return this.ds.manager.findOneBy(DeliveryEntity, { seriesId, destination });
  }

  /**
   * Series whose stored result has destinations but no delivery rows for its generation (a crash
   * between registering the result and scheduling its deliveries).
   */
  async findUnscheduled(limit = 100): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT s.id FROM "series" s WHERE s.state = 'segmented' AND s.result_generation = s.generation
         AND jsonb_array_length(COALESCE(s.route -> 'deliverTo', '[]'::jsonb)) > 0
         AND NOT EXISTS (SELECT 1 FROM "delivery" d WHERE d.series_id = s.id AND d.generation = s.generation)
       ORDER BY s.state_changed_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  of(seriesIds: string[]): Promise<DeliveryEntity[]> {
    if (!seriesIds.length) return Promise.resolve([]);
    return this.ds.manager.find(DeliveryEntity, { where: { seriesId: In(seriesIds) }, order: { destination: 'ASC' } });
  }

  /** Pending deliveries untouched since `before` (the reconciler checks their jobs still exist). */
  stalled(before: Date, limit = 100): Promise<DeliveryEntity[]> {
    return this.ds.manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .where(`d.state = 'pending' AND d.updatedAt < :before`, { before })
      .orderBy('d.updatedAt', 'ASC')
      .limit(limit)
      .getMany();
  }
}
