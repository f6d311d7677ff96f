import { Dataset, Tag } from '@delineo/dicom';
import { ImagingError } from './errors';

/** Attributes not in @delineo/dicom's Tag table, by PS3.6 keyword. */
export const ImagingTag = {
  PlanarConfiguration: 0x00280006,
  LossyImageCompression: 0x00282110,
  LossyImageCompressionMethod: 0x00282114,
  ExtendedOffsetTableLengths: 0x7fe00002,
  WindowCenter: 0x00281050,
  WindowWidth: 0x00281051,
  VOILUTFunction: 0x00281056,
  VOILUTSequence: 0x00283010,
  LUTDescriptor: 0x00283002,
  LUTData: 0x00283006,
} as const;

/** Image Pixel Module attributes that shape a frame's bytes (PS3.3 §C.7.6.3). */
export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement (PS3.3 §C.7.6.3.1.4). */
  pixelRepresentation: number;
  /** 0 colour-by-pixel, 1 colour-by-plane (PS3.3 §C.7.6.3.1.3). */
  planarConfiguration: number;
  photometric: string;
  frames: number;
}

export function readPixelModule(ds: Dataset): PixelModule {
  const rows = ds.number(Tag.Rows);
  const columns = ds.number(Tag.Columns);
  if (!ds.has(Tag.PixelData) || !rows || !columns) {
    throw new ImagingError('imaging/no-pixel-data', 'instance has no Pixel Data or no Rows/Columns');
  }
  const bitsAllocated = ds.number(Tag.BitsAllocated) ?? 16;
  const samplesPerPixel = ds.number(Tag.SamplesPerPixel) ?? 1;
  if (![1, 8, 16, 32].includes(bitsAllocated) || ![1, 3].includes(samplesPerPixel)) {
    throw new ImagingError(
      'imaging/unsupported-pixel-format',
      `BitsAllocated ${bitsAllocated}, SamplesPerPixel ${samplesPerPixel}`,
    );
  }
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored: ds.number(Tag.BitsStored) ?? bitsAllocated,
    pixelRepresentation: ds.number(Tag.PixelRepresentation) ?? 0,
    planarConfiguration: ds.number(ImagingTag.PlanarConfiguration) ?? 0,
    photometric: (ds.string(Tag.PhotometricInterpretation) ?? 'MONOCHROME2').toUpperCase(),
    frames: Math.max(1, ds.number(Tag.NumberOfFrames) ?? 1),
  };
}

/** Bytes of one native frame (1-bit frames are packed and may share a byte with the next). */
export function frameBytes(pm: PixelModule): number {
  const samples = pm.rows * pm.columns * pm.samplesPerPixel;
  return pm.bitsAllocated === 1 ? Math.ceil(samples / 8) : (samples * pm.bitsAllocated) / 8;
}

/** Bytes of all native frames: what decoding the instance will allocate. */
export function nativeBytes(pm: PixelModule): number {
  if (pm.bitsAllocated === 1) return Math.ceil((pm.rows * pm.columns * pm.frames) / 8);
  return frameBytes(pm) * pm.frames;
}
