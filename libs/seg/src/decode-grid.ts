import type { Grid, Vec3 } from '@delineo/volume';
import type { FrameInfo } from './decode-frames';
import { SegError } from './errors';
import type { SegGeometry } from './types';

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => {
  const n = Math.sqrt(dot(a, a));
  return [a[0] / n, a[1] / n, a[2] / n];
};
const col = (g: Grid, c: number): Vec3 => [g.direction[c], g.direction[3 + c], g.direction[6 + c]];
/** Positions may be off the grid by this fraction of a voxel (DS rounding by other writers). */
const TOLERANCE = 0.05;

/**
 * The grid a SEG's frames lie on when no reference is given: orientation and spacing from the
 * functional groups, slices along n = row × column (PS3.3 §C.7.6.2.1.1) from the lowest position
 * to the highest, stepped by Spacing Between Slices (else the smallest gap between frames).
 */
export function deriveGrid(frames: FrameInfo[], rows: number, columns: number): Grid {
  const iop = frames[0].orientation;
  const row = unit([iop[0], iop[1], iop[2]]);
  const column = unit([iop[3], iop[4], iop[5]]);
  const normal = unit(cross(row, column));
  if (frames.some((f) => f.orientation.some((v, i) => Math.abs(v - iop[i]) > 1e-4))) {
    throw new SegError('seg/geometry-mismatch', 'frames differ in Image Orientation (Patient)');
  }
  const d = [...new Set(frames.map((f) => dot(f.position, normal)))].sort((a, b) => a - b);
  const gaps = d
    .slice(1)
    .map((v, i) => v - d[i])
    .filter((g) => g > 1e-3);
  const step = frames[0].spacingBetweenSlices || (gaps.length ? Math.min(...gaps) : frames[0].sliceThickness || 1);
  const first = frames.find((f) => dot(f.position, normal) === d[0])!;
  const [ps0, ps1] = frames[0].pixelSpacing;
  return {
    dims: [columns, rows, Math.round((d[d.length - 1] - d[0]) / step) + 1],
    spacing: [ps1, ps0, step],
    origin: [...first.position] as Vec3,
    direction: [row[0], column[0], normal[0], row[1], column[1], normal[1], row[2], column[2], normal[2]],
  };
}

/** The reference grid must have this SEG's matrix, and every frame its orientation and pixel spacing. */
export function checkReference(ref: Grid, frames: FrameInfo[], rows: number, columns: number): void {
  const iop = [...col(ref, 0), ...col(ref, 1)];
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-3 * b;
  const fits = (f: FrameInfo): boolean =>
    f.orientation.every((v, i) => Math.abs(v - iop[i]) <= 1e-3) &&
    close(f.pixelSpacing[0], ref.spacing[1]) &&
    close(f.pixelSpacing[1], ref.spacing[0]);
  if (ref.dims[0] !== columns || ref.dims[1] !== rows || !frames.every(fits)) {
    throw new SegError(
      'seg/geometry-mismatch',
      'SEG Rows/Columns, orientation or pixel spacing differ from the reference grid',
    );
  }
}

/**
 * Slice index of each frame: its position projected on the grid axes must land on a voxel centre.
 * When the reference names its source frames, the frame's Source Image reference must agree.
 */
export function placeFrames(frames: FrameInfo[], grid: Grid, reference?: SegGeometry): number[] {
  const axes = [col(grid, 0), col(grid, 1), col(grid, 2)];
  const bySource = new Map<string, number>();
  reference?.sources.forEach((s, k) => bySource.set(`${s.sopInstanceUid}#${s.frameNumber}`, k));
  return frames.map((f, n) => {
    const v = sub(f.position, grid.origin);
    const idx = axes.map((a, i) => dot(v, a) / grid.spacing[i]);
    const k = Math.round(idx[2]);
    const off = Math.abs(idx[0]) > TOLERANCE || Math.abs(idx[1]) > TOLERANCE || Math.abs(idx[2] - k) > TOLERANCE;
    if (off || k < 0 || k >= grid.dims[2])
      throw new SegError('seg/geometry-mismatch', `frame ${n + 1} does not lie on a slice of the grid`);
    for (const s of f.sourceImages) {
      const hit = bySource.get(`${s.sopInstanceUid}#${s.frameNumber ?? 1}`);
      if (hit !== undefined && hit !== k)
        throw new SegError('seg/geometry-mismatch', `frame ${n + 1} position and source image disagree`);
    }
    return k;
  });
}
