import { Mat4 } from './linalg';

/**
 * DICOM patient space is LPS; NIfTI-1 world space is RAS (nifti1.h, "qform_code/sform_code"):
 * x and y flip sign. Applied to an index→world affine this negates its first two rows.
 */
export function lpsToRas(m: Mat4): Mat4 {
  return m.map((v, i) => (i < 8 ? -v : v));
}
export const rasToLps = lpsToRas;

export interface Quatern {
  b: number;
  c: number;
  d: number;
  qfac: number;
}

/**
 * Rotation part of an affine as the NIfTI-1 quaternion (b, c, d) and qfac, following
 * nifti1_io.c nifti_mat44_to_quatern: columns are normalised; a negative determinant is folded
 * into qfac = −1 by negating the third column.
 */
export function affineToQuatern(m: Mat4): Quatern {
  const col = (c: number): number[] => {
    const v = [m[c], m[4 + c], m[8 + c]];
    const n = Math.hypot(v[0], v[1], v[2]) || 1;
    return v.map((x) => x / n);
  };
  const [x, y, z] = [col(0), col(1), col(2)];
  const det =
    x[0] * (y[1] * z[2] - z[1] * y[2]) - y[0] * (x[1] * z[2] - z[1] * x[2]) + z[0] * (x[1] * y[2] - y[1] * x[2]);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) z.forEach((v, i) => (z[i] = -v));
  const [r11, r21, r31] = x;
  const [r12, r22, r32] = y;
  const [r13, r23, r33] = z;
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

/** nifti1_io.c nifti_quatern_to_mat44: quaternion + pixdim + offsets → affine (method 2). */
export function quaternToAffine(q: Quatern, pixdim: number[], offset: number[]): Mat4 {
  const { b, c, d } = q;
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const r = [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  ];
  const s = [pixdim[0], pixdim[1], (q.qfac < 0 ? -1 : 1) * pixdim[2]];
  const m: Mat4 = new Array(16).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) m[i * 4 + j] = r[i * 3 + j] * s[j];
    m[i * 4 + 3] = offset[i];
  }
  m[15] = 1;
  return m;
}
