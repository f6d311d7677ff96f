export type Vec3 = [number, number, number];

/**
 * 3×3 matrix, row-major (m[row * 3 + col]). As a direction its COLUMNS are the unit vectors of the
 * i, j, k voxel axes in patient LPS (the ITK/SimpleITK convention): column 0 = DICOM row direction,
 * column 1 = column direction, column 2 = slice normal.
 */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** Sampling grid in DICOM patient coordinates (LPS, mm; PS3.3 §C.7.6.2.1.1). */
export interface Grid {
  /** [nx, ny, nz]: columns, rows, slices. */
  dims: Vec3;
  /** [sx, sy, sz] mm: column spacing, row spacing, slice step. */
  spacing: Vec3;
  /** LPS centre of voxel (0, 0, 0). */
  origin: Vec3;
  direction: Mat3;
}

/** Where one slice of a volume came from; needed to reference source images from a SEG. */
export interface SliceSource {
  sopInstanceUid: string;
  /** 1-based frame number in a multi-frame instance (PS3.3 §C.7.6.6); 1 for single-frame. */
  frameNumber: number;
}

export interface Volume extends Grid {
  /** Voxels, x fastest then y then z: data[i + nx * (j + ny * k)]. */
  data: Float32Array;
  /** One entry per k, in volume order; empty when the volume did not come from DICOM. */
  sources: SliceSource[];
}
