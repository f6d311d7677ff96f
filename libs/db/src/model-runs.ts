import type { DataSource } from 'typeorm';

/** The last finished segmentation of one model on one engine, as the worker reported it. */
export interface ModelRunRow {
  modelId: string;
  modelVersion: string;
  engine: string;
  finishedAt: Date;
  /** Gateway time to assemble the volume; null for runs before it was recorded. */
  prepareMs: number | null;
  /** Per-stage milliseconds from the worker's report (series.segmentation.timings). */
  timings: Record<string, number>;
}

/**
 * One row per (model, engine): the latest finished run (PostgreSQL DISTINCT ON keeps the first
 * row of each group in ORDER BY order). Reads the worker's report only: ids, versions, numbers.
 */
export async function latestModelRuns(ds: DataSource): Promise<ModelRunRow[]> {
  const rows: Array<Omit<ModelRunRow, 'finishedAt'> & { finishedAt: Date | string }> = await ds.query(
    `SELECT DISTINCT ON ("segmentation"->>'modelId', "segmentation"->>'engine')
       "segmentation"->>'modelId' AS "modelId", "segmentation"->>'modelVersion' AS "modelVersion",
       "segmentation"->>'engine' AS "engine", "finished_at" AS "finishedAt", "prepare_ms" AS "prepareMs",
       "segmentation"->'timings' AS "timings"
     FROM "series" WHERE "segmentation" IS NOT NULL AND "finished_at" IS NOT NULL
     ORDER BY "segmentation"->>'modelId', "segmentation"->>'engine', "finished_at" DESC`,
  );
  return rows.map((r) => ({ ...r, finishedAt: new Date(r.finishedAt), timings: r.timings ?? {} }));
}
