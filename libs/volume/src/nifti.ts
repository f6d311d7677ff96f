import { gunzipSync, gzipSync } from 'node:zlib';
import { VolumeError } from './errors';
import { gridAffine, Mat4, norm } from './linalg';
import { affineToQuatern, lpsToRas, quaternToAffine, rasToLps } from './nifti-affine';
import { Mat3, Vec3, Volume } from './types';

/** NIfTI-1 datatype codes (nifti1.h "DT_*") we read; we write float32, uint8 and int16. */
const DT = { uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768 } as const;
export type NiftiWriteType = 'float32' | 'uint8' | 'int16';

export interface NiftiWriteOptions {
  /**
   * float32 for images (default); uint8 or int16 for label maps (values rounded and clamped);
   * 'lossless' picks int16 when every voxel is an integer in its range (CT in HU: half the bytes),
   * else float32, so nothing is ever rounded.
   */
  datatype?: NiftiWriteType | 'lossless';
  gzip?: boolean;
  /** zlib level 1–9 (default 6); 1 is ~4× faster and nearly as small for CT. */
  gzipLevel?: number;
  description?: string;
}

const HEADER = 348;
const VOX_OFFSET = 352; // header + 4-byte extension flag (nifti1.h "vox_offset")
const RANGE = { float32: [-Infinity, Infinity], uint8: [0, 255], int16: [-32768, 32767] } as const;

/**
 * Volume → single-file NIfTI-1 (.nii, or .nii.gz with gzip). Both sform and qform carry the
 * scanner-space affine (code 1 = NIFTI_XFORM_SCANNER_ANAT), converted from DICOM LPS to RAS.
 */
export function encodeNifti(vol: Volume, opts: NiftiWriteOptions = {}): Buffer {
  const type =
    opts.datatype === 'lossless' ? (fitsInt16(vol.data) ? 'int16' : 'float32') : (opts.datatype ?? 'float32');
  const bytes = type === 'float32' ? 4 : type === 'int16' ? 2 : 1;
  const n = vol.dims[0] * vol.dims[1] * vol.dims[2];
  if (vol.data.length !== n)
    throw new VolumeError('volume/invalid-nifti', `data has ${vol.data.length} voxels, dims say ${n}`);
  const out = Buffer.alloc(VOX_OFFSET + n * bytes);
  const ras = lpsToRas(gridAffine(vol));
  const q = affineToQuatern(ras);
  out.writeInt32LE(HEADER, 0);
  out.write('r', 38, 'latin1');
  [3, ...vol.dims, 1, 1, 1, 1].forEach((d, i) => out.writeInt16LE(d, 40 + 2 * i));
  out.writeInt16LE(DT[type], 70);
  out.writeInt16LE(bytes * 8, 72);
  [q.qfac, ...vol.spacing, 0, 0, 0, 0].forEach((p, i) => out.writeFloatLE(p, 76 + 4 * i));
  out.writeFloatLE(VOX_OFFSET, 108);
  out.writeFloatLE(1, 112); // scl_slope: stored values are the real values
  out.writeUInt8(2, 123); // xyzt_units: NIFTI_UNITS_MM
  out.write((opts.description ?? 'delineo').slice(0, 79), 148, 'latin1');
  out.writeInt16LE(1, 252);
  out.writeInt16LE(1, 254);
  [q.b, q.c, q.d, ras[3], ras[7], ras[11]].forEach((v, i) => out.writeFloatLE(v, 256 + 4 * i));
  for (let i = 0; i < 12; i++) out.writeFloatLE(ras[i], 280 + 4 * i);
  out.write('n+1\0', 344, 'latin1');
  const [lo, hi] = RANGE[type];
  const d = vol.data;
  if (type === 'float32') Buffer.from(d.buffer, d.byteOffset, n * 4).copy(out, VOX_OFFSET);
  else {
    const write =
      type === 'uint8'
        ? (v: number, o: number) => out.writeUInt8(v, o)
        : (v: number, o: number) => out.writeInt16LE(v, o);
    for (let i = 0; i < n; i++) write(Math.min(hi, Math.max(lo, Math.round(d[i]))), VOX_OFFSET + i * bytes);
  }
  return opts.gzip ? gzipSync(out, { level: opts.gzipLevel ?? 6 }) : out;
}

function fitsInt16(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isInteger(v) || v < RANGE.int16[0] || v > RANGE.int16[1]) return false;
  }
  return true;
}

/** NIfTI-1 (.nii or gzip'd .nii.gz, either byte order) → Volume in LPS with real values (scl_*). */
export function decodeNifti(input: Buffer): Volume {
  const buf = input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : input;
  if (buf.length < HEADER) throw new VolumeError('volume/invalid-nifti', 'shorter than a NIfTI-1 header');
  const le = buf.readInt32LE(0) === HEADER;
  if (!le && buf.readInt32BE(0) !== HEADER) throw new VolumeError('volume/invalid-nifti', 'sizeof_hdr is not 348');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const i16 = (o: number): number => dv.getInt16(o, le);
  const f32 = (o: number): number => dv.getFloat32(o, le);
  const dim = Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i));
  if (dim.slice(4, 1 + dim[0]).some((d) => d > 1))
    throw new VolumeError('volume/invalid-nifti', 'only 3D images are supported');
  const dims: Vec3 = [dim[1], dim[0] >= 2 ? dim[2] : 1, dim[0] >= 3 ? dim[3] : 1];
  const pixdim = Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i));
  const affine = readAffine(i16(252), i16(254), pixdim, f32);
  const data = readVoxels(dv, le, i16(70), Math.round(f32(108)), dims[0] * dims[1] * dims[2]);
  const slope = f32(112);
  const inter = f32(116);
  if (slope !== 0 && Number.isFinite(slope) && (slope !== 1 || inter !== 0)) {
    for (let i = 0; i < data.length; i++) data[i] = data[i] * slope + inter;
  }
  const lps = rasToLps(affine);
  const cols = [0, 1, 2].map((c) => [lps[c], lps[4 + c], lps[8 + c]] as Vec3);
  const spacing = cols.map(norm) as Vec3;
  const dir = cols.map((c, i) => c.map((v) => v / spacing[i]) as Vec3);
  const direction = [0, 1, 2].flatMap((r) => [dir[0][r], dir[1][r], dir[2][r]]) as Mat3;
  return { dims, spacing, origin: [lps[3], lps[7], lps[11]], direction, data, sources: [] };
}

/** sform when set, else qform (method 2), else pixdim scaling only (nifti1.h method 1). */
function readAffine(qcode: number, scode: number, pixdim: number[], f32: (o: number) => number): Mat4 {
  if (scode > 0) return [...Array.from({ length: 12 }, (_, i) => f32(280 + 4 * i)), 0, 0, 0, 1];
  const sp = [1, 2, 3].map((i) => (pixdim[i] > 0 ? pixdim[i] : 1));
  if (qcode > 0) {
    const q = { b: f32(256), c: f32(260), d: f32(264), qfac: pixdim[0] < 0 ? -1 : 1 };
    return quaternToAffine(q, sp, [f32(268), f32(272), f32(276)]);
  }
  return [sp[0], 0, 0, 0, 0, sp[1], 0, 0, 0, 0, sp[2], 0, 0, 0, 0, 1];
}

function readVoxels(dv: DataView, le: boolean, datatype: number, offset: number, n: number): Float32Array {
  const spec: Record<number, [number, (o: number) => number]> = {
    [DT.uint8]: [1, (o) => dv.getUint8(o)],
    [DT.int8]: [1, (o) => dv.getInt8(o)],
    [DT.int16]: [2, (o) => dv.getInt16(o, le)],
    [DT.uint16]: [2, (o) => dv.getUint16(o, le)],
    [DT.int32]: [4, (o) => dv.getInt32(o, le)],
    [DT.uint32]: [4, (o) => dv.getUint32(o, le)],
    [DT.float32]: [4, (o) => dv.getFloat32(o, le)],
    [DT.float64]: [8, (o) => dv.getFloat64(o, le)],
  };
  const s = spec[datatype];
  if (!s) throw new VolumeError('volume/invalid-nifti', `unsupported datatype ${datatype}`);
  if (offset + n * s[0] > dv.byteLength) throw new VolumeError('volume/invalid-nifti', 'voxel data is truncated');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = s[1](offset + i * s[0]);
  return out;
}

/** The LPS index→world affine a volume would have in NIfTI, as RAS (what FSL/ITK-SNAP show). */
export const niftiAffine = (vol: Volume): Mat4 => lpsToRas(gridAffine(vol));
