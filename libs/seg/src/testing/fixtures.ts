import path from 'node:path';
import { Dataset, parsePart10 } from '@delineo/dicom';
import type { CodedConcept, LabelDefinition } from '@delineo/models';
import { assembleSeries, Grid, Volume } from '@delineo/volume';
import { syntheticCtSeries } from '../../../../test-data/synthetic-ct';
import type { SegGeometry } from '../types';

/** Read-only reference data next to the repo (../shared/data); never copied into the project. */
export const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../../../../shared/data');
export const sharedFile = (...parts: string[]): string => path.join(SHARED_DATA, ...parts);

const sct = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning,
});
const ORGAN = sct('123037004', 'Anatomical Structure');
const TYPES = [
  sct('10200004', 'Liver'),
  sct('39607008', 'Lung'),
  sct('64033007', 'Kidney'),
  sct('78961009', 'Spleen'),
  sct('272673000', 'Bone'),
];

/** Label definitions for the given values, cycling through a few SNOMED CT organ codes. */
export function labelsFor(values: number[]): LabelDefinition[] {
  return values.map((value, i) => ({
    value,
    name: `${TYPES[i % TYPES.length].CodeMeaning} ${value}`,
    category: ORGAN,
    type: TYPES[i % TYPES.length],
    ...(i === 1 ? { modifier: sct('7771000', 'Left') } : {}),
    recommendedDisplayRGB: [(40 * value) % 256, (90 + 30 * i) % 256, (200 - 20 * i) & 255],
    algorithmType: 'AUTOMATIC',
  }));
}

export interface Ellipsoid {
  label: number;
  /** Centre and semi-axes in voxels. */
  centre: [number, number, number];
  radii: [number, number, number];
}

/** A label map of solid ellipsoids, later ones painted over earlier ones. */
export function ellipsoids(dims: Grid['dims'], blobs: Ellipsoid[]): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(nx * ny * nz);
  for (const b of blobs) {
    const [cx, cy, cz] = b.centre;
    const [rx, ry, rz] = b.radii;
    for (let k = Math.max(0, Math.floor(cz - rz)); k <= Math.min(nz - 1, Math.ceil(cz + rz)); k++) {
      for (let j = Math.max(0, Math.floor(cy - ry)); j <= Math.min(ny - 1, Math.ceil(cy + ry)); j++) {
        for (let i = Math.max(0, Math.floor(cx - rx)); i <= Math.min(nx - 1, Math.ceil(cx + rx)); i++) {
          if (((i - cx) / rx) ** 2 + ((j - cy) / ry) ** 2 + ((k - cz) / rz) ** 2 <= 1)
            out[i + nx * (j + ny * k)] = b.label;
        }
      }
    }
  }
  return out;
}

export interface SourceSeries {
  files: Buffer[];
  headers: Dataset[];
  volume: Volume;
  geometry: SegGeometry;
}

/** Source Part 10 files, their parsed headers and the assembled volume, sorted along the normal. */
export async function loadSeries(files: Buffer[]): Promise<SourceSeries> {
  const volume = await assembleSeries(files);
  const headers = files.map((f) => parsePart10(f).dataset);
  const { data: _pixels, ...geometry } = volume;
  return { files, headers, volume, geometry };
}

/** The synthetic CT generator's series (test-data/), small by default. */
export function syntheticSource(count = 6, rows = 24, cols = 32): Promise<SourceSeries> {
  return loadSeries(syntheticCtSeries({ count, rows, cols, patientId: 'SEGTEST001' }));
}

/** Expected frames of a BINARY encoding: each non-empty (segment, slice) mask, segment-major. */
export function expectedMasks(
  labelMap: Uint8Array,
  dims: Grid['dims'],
  values: number[],
): { value: number; slice: number; mask: Uint8Array }[] {
  const [nx, ny, nz] = dims;
  const pixels = nx * ny;
  const out: { value: number; slice: number; mask: Uint8Array }[] = [];
  for (const value of [...values].sort((a, b) => a - b)) {
    for (let k = 0; k < nz; k++) {
      const mask = labelMap.subarray(k * pixels, (k + 1) * pixels).map((v) => (v === value ? 1 : 0));
      if (mask.some((v) => v === 1)) out.push({ value, slice: k, mask });
    }
  }
  return out;
}
