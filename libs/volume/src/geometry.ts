import { VolumeError } from './errors';
import { FrameInfo } from './frames';
import { cross, dot, fromColumns, norm, scale, sub, unit } from './linalg';
import { Grid, Vec3 } from './types';

export interface GeometryOptions {
  /** Per-component tolerance on direction cosines and on PixelSpacing (mm). Default 1e-4. */
  orientationTolerance?: number;
  /** Relative tolerance on each slice step against the median step. Default 0.01 (1 %). */
  spacingTolerance?: number;
  /** Absolute floor of the spacing tolerance in mm. Default 0.01. */
  spacingToleranceMm?: number;
}

export interface SortedFrames {
  grid: Grid;
  frames: FrameInfo[];
}

const TOL = { orientationTolerance: 1e-4, spacingTolerance: 0.01, spacingToleranceMm: 0.01 };

function close(a: number[], b: number[], tol: number): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol);
}

function checkConsistent(frames: FrameInfo[], tol: number): void {
  const f0 = frames[0];
  for (const f of frames) {
    if (!f.position || f.orientation?.length !== 6 || f.pixelSpacing?.length !== 2) {
      throw new VolumeError(
        'volume/missing-geometry',
        `frame ${f.sopInstanceUid}#${f.frameNumber} lacks ImagePositionPatient, ImageOrientationPatient or PixelSpacing`,
      );
    }
    if (!close(f.orientation, f0.orientation!, tol)) {
      throw new VolumeError(
        'volume/inconsistent-orientation',
        `ImageOrientationPatient of ${f.sopInstanceUid} differs from the first frame`,
      );
    }
    if (
      f.format.rows !== f0.format.rows ||
      f.format.columns !== f0.format.columns ||
      !close(f.pixelSpacing, f0.pixelSpacing!, tol)
    ) {
      throw new VolumeError(
        'volume/inconsistent-matrix',
        `Rows/Columns/PixelSpacing of ${f.sopInstanceUid} differ from the first frame`,
      );
    }
    if (f.format.bitsAllocated !== f0.format.bitsAllocated) {
      throw new VolumeError(
        'volume/inconsistent-matrix',
        `BitsAllocated of ${f.sopInstanceUid} differs from the first frame`,
      );
    }
  }
}

/**
 * Orders frames along the slice normal n = row × column (PS3.3 §C.7.6.2.1.1) by d = IPP · n, never
 * by InstanceNumber, which carries no geometric meaning. The series must be a regular grid:
 * - every step IPP(k+1) − IPP(k) parallel to n, else the stack is sheared ('volume/gantry-tilt');
 * - no two frames at one position ('volume/duplicate-slices': repeats, echoes or time points);
 * - each step equal to the median step, else 'volume/missing-slices' when it is a whole multiple
 *   of it (a gap) and 'volume/non-uniform-spacing' otherwise.
 */
export function sortFrames(input: FrameInfo[], opts: GeometryOptions = {}): SortedFrames {
  const o = { ...TOL, ...opts };
  if (input.length === 0) throw new VolumeError('volume/empty-series', 'no frames');
  checkConsistent(input, o.orientationTolerance);
  const iop = input[0].orientation!;
  const row = unit([iop[0], iop[1], iop[2]]);
  const col = unit([iop[3], iop[4], iop[5]]);
  if (Math.abs(dot(row, col)) > 1e-3)
    throw new VolumeError('volume/inconsistent-orientation', 'row and column directions are not orthogonal');
  const normal = unit(cross(row, col));
  const keyed = input.map((f) => ({ f, d: dot(f.position!, normal) })).sort((a, b) => a.d - b.d);
  const frames = keyed.map((k) => k.f);
  const [ps0, ps1] = input[0].pixelSpacing!;
  const steps = keyed.slice(1).map((k, i) => k.d - keyed[i].d);
  const median = steps.length ? [...steps].sort((a, b) => a - b)[steps.length >> 1] : 0;
  const tol = Math.max(o.spacingToleranceMm, o.spacingTolerance * median);
  steps.forEach((s, i) => {
    if (s <= o.spacingToleranceMm) {
      throw new VolumeError(
        'volume/duplicate-slices',
        `frames ${frames[i].sopInstanceUid}#${frames[i].frameNumber} and ${frames[i + 1].sopInstanceUid}#${frames[i + 1].frameNumber} share a position`,
      );
    }
  });
  checkTilt(frames, normal, Math.min(ps0, ps1));
  steps.forEach((s, i) => {
    if (Math.abs(s - median) <= tol) return;
    const k = Math.round(s / median);
    const code = k >= 2 && Math.abs(s - k * median) <= tol * k ? 'volume/missing-slices' : 'volume/non-uniform-spacing';
    throw new VolumeError(code, `slice step ${s.toFixed(4)} mm after slice ${i} vs usual ${median.toFixed(4)} mm`);
  });
  const mean = steps.length ? (keyed[keyed.length - 1].d - keyed[0].d) / steps.length : (input[0].sliceThickness ?? 1);
  return {
    frames,
    grid: {
      dims: [input[0].format.columns, input[0].format.rows, frames.length],
      spacing: [ps1, ps0, mean],
      origin: [...frames[0].position!] as Vec3,
      direction: fromColumns(row, col, normal),
    },
  };
}

/**
 * A gantry-tilted CT stack keeps the in-plane orientation but shifts each slice sideways, so the
 * first-to-last displacement leaves the normal. Rounding of IPP does not accumulate, so a drift of
 * more than a tenth of a pixel over the whole stack is tilt, not noise.
 */
function checkTilt(frames: FrameInfo[], normal: Vec3, pixel: number): void {
  if (frames.length < 2) return;
  const delta = sub(frames[frames.length - 1].position!, frames[0].position!);
  const off = norm(sub(delta, scale(normal, dot(delta, normal))));
  if (off > 0.1 * pixel) {
    const deg = (Math.atan2(off, Math.abs(dot(delta, normal))) * 180) / Math.PI;
    throw new VolumeError(
      'volume/gantry-tilt',
      `slices drift ${off.toFixed(3)} mm off the normal (${deg.toFixed(2)}°); resample before use`,
    );
  }
}
