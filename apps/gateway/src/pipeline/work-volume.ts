import type { DataSource } from 'typeorm';
import { InstanceEntity } from '@delineo/db';
import type { ObjectStore } from '@delineo/storage';
import type { AssembledVolume, ModelThreadPool } from '@delineo/worker';

export interface WorkVolume extends AssembledVolume {
  /** Grid and per-slice source references (pseudonymized SOP UIDs) for the SEG encoder later. */
  sources: Buffer;
}

/**
 * Builds the worker's input from the de-identified archive: the stored instances of the series,
 * sorted along the slice normal and decoded by @delineo/volume in a worker thread (JPEG 2000 or
 * a 500-slice CT would otherwise hold the event loop for seconds). Nothing here ever held PHI.
 */
export async function buildWorkVolume(ds: DataSource, store: ObjectStore, threads: ModelThreadPool, seriesId: string): Promise<WorkVolume> {
  const rows = await ds.manager.find(InstanceEntity, { where: { seriesId }, select: { id: true, objectKey: true } });
  const buffers = await Promise.all(rows.map((r) => store.get(r.objectKey)));
  const built = await threads.assemble(buffers);
  return { ...built, sources: Buffer.from(JSON.stringify(built.grid)) };
}
