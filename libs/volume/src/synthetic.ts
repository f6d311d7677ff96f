import { Dataset, Tag } from '@delineo/dicom';

export interface SyntheticSeriesOptions {
  columns?: number;
  rows?: number;
  slices?: number;
  /** [between rows, between columns] as PixelSpacing orders them. */
  pixelSpacing?: [number, number];
  sliceStep?: number;
  orientation?: number[];
  origin?: [number, number, number];
  /** Extra displacement per slice along the column direction, mm (simulates gantry tilt). */
  shearPerSlice?: number;
  slope?: number;
  intercept?: number;
  signed?: boolean;
  bitsStored?: number;
  photometric?: 'MONOCHROME1' | 'MONOCHROME2';
  /** Stored value at (column i, row j, slice k). */
  value?: (i: number, j: number, k: number) => number;
}

/**
 * Classic single-frame CT-like instances for tests and benchmarks: one Dataset per slice, native
 * 16-bit pixels, Image Plane Module geometry (PS3.3 §C.7.6.2), returned in acquisition order.
 */
export function syntheticSeries(o: SyntheticSeriesOptions = {}): Dataset[] {
  const cols = o.columns ?? 8;
  const rows = o.rows ?? 6;
  const iop = o.orientation ?? [1, 0, 0, 0, 1, 0];
  const [r, c] = [iop.slice(0, 3), iop.slice(3, 6)];
  const n = [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
  const origin = o.origin ?? [-100, -120, 50];
  const step = o.sliceStep ?? 2.5;
  const value = o.value ?? ((i, j, k) => i + 10 * j + 100 * k);
  return Array.from({ length: o.slices ?? 5 }, (_, k) => {
    const ds = new Dataset();
    ds.setString(Tag.SOPInstanceUID, 'UI', `2.25.1000.${k + 1}`);
    ds.setString(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2');
    ds.setString(0x00200013, 'IS', String((k * 7) % 5)); // deliberately unrelated to position
    const ipp = [0, 1, 2].map((a) => origin[a] + k * step * n[a] + k * (o.shearPerSlice ?? 0) * c[a]);
    ds.setString(
      Tag.ImagePositionPatient,
      'DS',
      ipp.map((v) => v.toFixed(6)),
    );
    ds.setString(
      Tag.ImageOrientationPatient,
      'DS',
      iop.map((v) => v.toFixed(8)),
    );
    ds.setString(Tag.PixelSpacing, 'DS', (o.pixelSpacing ?? [0.8, 0.7]).map(String));
    ds.setString(Tag.SliceThickness, 'DS', String(step));
    ds.setUint16(Tag.Rows, rows);
    ds.setUint16(Tag.Columns, cols);
    ds.setUint16(Tag.SamplesPerPixel, 1);
    ds.setString(Tag.PhotometricInterpretation, 'CS', o.photometric ?? 'MONOCHROME2');
    ds.setUint16(Tag.BitsAllocated, 16);
    ds.setUint16(Tag.BitsStored, o.bitsStored ?? 16);
    ds.setUint16(Tag.HighBit, (o.bitsStored ?? 16) - 1);
    ds.setUint16(Tag.PixelRepresentation, o.signed ? 1 : 0);
    ds.setString(Tag.RescaleSlope, 'DS', String(o.slope ?? 1));
    ds.setString(Tag.RescaleIntercept, 'DS', String(o.intercept ?? 0));
    const px = Buffer.alloc(rows * cols * 2);
    for (let j = 0; j < rows; j++)
      for (let i = 0; i < cols; i++) px.writeUInt16LE(value(i, j, k) & 0xffff, 2 * (i + cols * j));
    ds.set({ tag: Tag.PixelData, vr: 'OW', value: px });
    return ds;
  });
}
