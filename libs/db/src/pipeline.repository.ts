import { In, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SegmentVolumeEntity } from './entities/segment-volume.entity';
import { SeriesEntity } from './entities/series.entity';
import type { SeriesSegmentation, SeriesState } from './entities/series-state';

export interface SegmentedOutcome {
  segmentation: SeriesSegmentation;
  volumes: { value: number; name: string; voxels: number; volumeMl: number }[];
  startedAt: Date;
  finishedAt: Date;
  attempts: number;
}

/**
 * Segmentation state transitions. Each is one guarded UPDATE (id + generation + allowed source
 * states), so a stale event — a job of a generation that a late instance reopened, or a duplicate
 * event — changes nothing. The database stays the truth; the queue only dispatches.
 */
export class PipelineRepository {
  constructor(private readonly ds: DataSource) {}

  findSeries(seriesId: string): Promise<SeriesEntity | null> {
    return this.ds.manager.findOneBy(SeriesEntity, { id: seriesId });
  }

  /** The results step has stored and registered this generation's research SEG. */
  async markResultStored(seriesId: string, generation: number): Promise<boolean> {
    const r = await this.ds.manager
      .createQueryBuilder()
      .update(SeriesEntity)
      .set({ resultGeneration: generation })
      .where(`id = :seriesId AND generation = :generation AND state IN ('segmented', 'delivered')`, {
        seriesId,
        generation,
      })
      .execute();
    return r.affected === 1;
  }

  /** Segmented series whose research SEG was never registered (a crash in between), oldest first. */
  findAwaitingResult(limit = 100): Promise<SeriesEntity[]> {
    return this.ds.manager
      .createQueryBuilder(SeriesEntity, 's')
      .where(`s.state = 'segmented' AND s.resultGeneration IS DISTINCT FROM s.generation`)
      .orderBy('s.stateChangedAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  markQueued(seriesId: string, generation: number, prepareMs: number): Promise<boolean> {
    return this.transition(seriesId, generation, ['complete', 'queued', 'running'], 'queued', {
      queuedAt: () => 'now()',
      startedAt: null,
      finishedAt: null,
      errorCode: null,
      prepareMs,
    });
  }

  markRunning(seriesId: string, generation: number, attempts: number): Promise<boolean> {
    return this.transition(seriesId, generation, ['queued', 'running'], 'running', {
      startedAt: () => 'now()',
      attempts,
    });
  }

  markFailed(
    seriesId: string,
    generation: number,
    errorCode: string,
    from: SeriesState[] = ['complete', 'queued', 'running'],
    attempts?: number,
  ): Promise<boolean> {
    return this.transition(seriesId, generation, from, 'failed', {
      errorCode,
      finishedAt: () => 'now()',
      ...(attempts !== undefined ? { attempts } : {}),
    });
  }

  /** State, report and volumes in one transaction: a status reader never sees half a result. */
  markSegmented(seriesId: string, generation: number, out: SegmentedOutcome): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const ok = await this.transition(
        seriesId,
        generation,
        ['queued', 'running'],
        'segmented',
        {
          segmentation: out.segmentation,
          startedAt: out.startedAt,
          finishedAt: out.finishedAt,
          attempts: out.attempts,
          errorCode: null,
        },
        em,
      );
      if (!ok) return false;
      await em.delete(SegmentVolumeEntity, { seriesId });
      if (out.volumes.length) {
        await em.insert(
          SegmentVolumeEntity,
          out.volumes.map((v) => ({ seriesId, label: v.value, name: v.name, voxels: v.voxels, volumeMl: v.volumeMl })),
        );
      }
      return true;
    });
  }

  /**
   * failed/segmented/delivered → complete as a NEW generation (new job id and work keys), so a
   * retry never collides with the old job or its output. Returns the new generation.
   */
  async requeue(seriesId: string): Promise<number | undefined> {
    const rows: { generation: number }[] = await this.ds.query(
      `UPDATE "series" SET "state" = 'complete', "generation" = "generation" + 1, "error_code" = NULL, "attempts" = 0,
         "state_changed_at" = now(), "updated_at" = now()
       WHERE "id" = $1 AND "state" IN ('failed', 'segmented', 'delivered') RETURNING "generation"`,
      [seriesId],
    );
    const flat = (Array.isArray(rows[0]) ? rows[0] : rows) as { generation: number }[];
    return flat[0]?.generation;
  }

  /** Series in `states` unchanged since `before`, that have a model to run, oldest first. */
  findStalled(states: SeriesState[], before: Date, limit = 100): Promise<SeriesEntity[]> {
    return this.ds.manager
      .createQueryBuilder(SeriesEntity, 's')
      .where('s.state IN (:...states) AND s.stateChangedAt < :before', { states, before })
      .andWhere(`s.route ->> 'modelId' IS NOT NULL`)
      .orderBy('s.stateChangedAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  volumesOf(seriesIds: string[]): Promise<SegmentVolumeEntity[]> {
    if (!seriesIds.length) return Promise.resolve([]);
    return this.ds.manager.find(SegmentVolumeEntity, {
      where: { seriesId: In(seriesIds) },
      order: { seriesId: 'ASC', label: 'ASC' },
    });
  }

  private async transition(
    seriesId: string,
    generation: number,
    from: SeriesState[],
    to: SeriesState,
    set: QueryDeepPartialEntity<SeriesEntity>,
    em: EntityManager = this.ds.manager,
  ): Promise<boolean> {
    const r = await em
      .createQueryBuilder()
      .update(SeriesEntity)
      .set({ ...set, state: to, stateChangedAt: () => 'now()' })
      .where('id = :seriesId AND generation = :generation AND state IN (:...from)', { seriesId, generation, from })
      .execute();
    return r.affected === 1;
  }
}
