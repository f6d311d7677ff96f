import { isValidUid } from '@delineo/dicom';
import { SegError } from './errors';
import type { SegEncodeInput } from './types';

const finite = (xs: readonly number[]): boolean => xs.every(Number.isFinite);

/** The grid must be a real sampling grid and the label map must cover it exactly. */
export function validateGeometry(input: SegEncodeInput): void {
  const g = input.geometry;
  const [nx, ny, nz] = g.dims;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1) || nx > 0xffff || ny > 0xffff) {
    throw new SegError('seg/invalid-geometry', 'dims must be positive integers, rows and columns ≤ 65535 (US)');
  }
  if (
    !finite(g.spacing) ||
    g.spacing.some((s) => s <= 0) ||
    !finite(g.origin) ||
    g.direction.length !== 9 ||
    !finite(g.direction)
  ) {
    throw new SegError('seg/invalid-geometry', 'spacing must be positive and origin/direction finite');
  }
  if (!(input.labelMap instanceof Uint8Array) || input.labelMap.length !== nx * ny * nz) {
    throw new SegError(
      'seg/invalid-label-map',
      `label map has ${input.labelMap?.length} voxels, grid has ${nx * ny * nz}`,
    );
  }
}

/** Caller-provided UIDs, numbers and the Content Label (CS, PS3.5 §6.2) must be valid as given. */
export function validateOptions(input: SegEncodeInput): void {
  const o = input.options ?? {};
  for (const [name, uid] of [
    ['sopInstanceUid', o.sopInstanceUid],
    ['seriesInstanceUid', o.seriesInstanceUid],
  ] as const) {
    if (uid !== undefined && !isValidUid(uid))
      throw new SegError('seg/invalid-options', `${name} is not a valid UID (PS3.5 §9.1)`);
  }
  for (const [name, n] of [
    ['seriesNumber', o.seriesNumber],
    ['instanceNumber', o.instanceNumber],
  ] as const) {
    if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 2147483647))
      throw new SegError('seg/invalid-options', `${name} must be an integer IS`);
  }
  if (o.contentLabel !== undefined && !/^[A-Z0-9_ ]{1,16}$/.test(o.contentLabel)) {
    throw new SegError('seg/invalid-options', 'contentLabel must be 1-16 of A-Z, 0-9, space, underscore (CS)');
  }
  if (!input.algorithm?.name || !input.algorithm.version)
    throw new SegError('seg/invalid-options', 'algorithm name and version are required');
}
