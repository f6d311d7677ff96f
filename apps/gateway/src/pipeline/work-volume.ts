import type { DataSource } from 'typeorm';
import { InstanceEntity } from '@delineo/db';
import type { ObjectStore } from '@delineo/storage';
import { assembleSeries, encodeNifti, type Volume } from '@delineo/volume';

export interface WorkVolume {
  volume: Volume;
  /** NIfTI-1, gzip level 1; int16 when every voxel is an integer in range (CT in HU), else float32. */
  nifti: Buffer;
  /** Grid and per-slice source references (pseudonymized SOP UIDs) for the SEG encoder later. */
  sources: Buffer;
}

/**
 * Builds the worker's input from the de-identified archive: the stored instances of the series,
 * sorted along the slice normal and decoded by @delineo/volume. Nothing here ever held PHI.
 */
export async function buildWorkVolume(ds: DataSource, store: ObjectStore, seriesId: string): Promise<WorkVolume> {
  const rows = await ds.manager.find(InstanceEntity, { where: { seriesId }, select: { id: true, objectKey: true } });
  const buffers = await Promise.all(rows.map((r) => store.get(r.objectKey)));
  const volume = await assembleSeries(buffers);
  const nifti = encodeNifti(volume, { datatype: fitsInt16(volume.data) ? 'int16' : 'float32', gzip: true, gzipLevel: 1 });
  const { dims, spacing, origin, direction, sources } = volume;
  return { volume, nifti, sources: Buffer.from(JSON.stringify({ dims, spacing, origin, direction, sources })) };
}

function fitsInt16(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isInteger(v) || v < -32768 || v > 32767) return false;
  }
  return true;
}
