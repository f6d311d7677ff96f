import type { Vec3 } from '@delineo/volume';

/**
 * Recommended Display CIELab Value (0062,000D), PS3.3 §C.10.7.1.1: L* 0…100 scaled to 0…0xFFFF,
 * a* and b* −128…127 scaled to 0…0xFFFF (0x8080 = 0). sRGB (IEC 61966-2-1) is linearised, taken to
 * CIE XYZ and then to CIELab against the D65 white point — the convention of dcmtk's IODCIELabUtil,
 * dcmqi and dcmjs, so that viewers built on them show the colour the manifest asked for.
 */
const WHITE: Vec3 = [0.950456, 1.0, 1.088754];
const M = [0.412453, 0.35758, 0.180423, 0.212671, 0.71516, 0.072169, 0.019334, 0.119193, 0.950227];
const M_INV = [3.240479, -1.53715, -0.498535, -0.969256, 1.875992, 0.041556, 0.055648, -0.204043, 1.057311];
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;

const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toGamma = (c: number): number => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const f = (t: number): number => (t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
const fInv = (t: number): number => (t ** 3 > EPS ? t ** 3 : (116 * t - 16) / KAPPA);
const mul = (m: number[], v: Vec3): Vec3 =>
  [0, 1, 2].map((r) => m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2]) as Vec3;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** sRGB 0…255 → DICOM-scaled CIELab, each 0…65535. */
export function rgbToDicomLab(rgb: Vec3): Vec3 {
  const xyz = mul(M, rgb.map((c) => toLinear(clamp(c, 0, 255) / 255)) as Vec3);
  const [fx, fy, fz] = xyz.map((v, i) => f(v / WHITE[i]));
  const lab: Vec3 = [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
  return [
    Math.round(clamp((lab[0] * 65535) / 100, 0, 65535)),
    Math.round(clamp(((lab[1] + 128) * 65535) / 255, 0, 65535)),
    Math.round(clamp(((lab[2] + 128) * 65535) / 255, 0, 65535)),
  ];
}

/** DICOM-scaled CIELab → sRGB 0…255 (rounded, clamped to the gamut). */
export function dicomLabToRgb(dicomLab: Vec3): Vec3 {
  const L = (dicomLab[0] * 100) / 65535;
  const a = (dicomLab[1] * 255) / 65535 - 128;
  const b = (dicomLab[2] * 255) / 65535 - 128;
  const fy = (L + 16) / 116;
  const xyz: Vec3 = [
    fInv(fy + a / 500) * WHITE[0],
    (L > KAPPA * EPS ? fy ** 3 : L / KAPPA) * WHITE[1],
    fInv(fy - b / 200) * WHITE[2],
  ];
  return mul(M_INV, xyz).map((c) => Math.round(clamp(toGamma(clamp(c, 0, 1)) * 255, 0, 255))) as Vec3;
}
