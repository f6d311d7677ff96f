import { Dataset, Tag } from '@delineo/dicom';
import { ImagingTag } from './pixel-module';

/** VOI LUT Function (PS3.3 C.11.2.1.3); PS3.18 Table 8.3.5-1 spells them in lower case with a dash. */
export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface Window {
  center: number;
  width: number;
  fn: VoiFunction;
}

export interface Modality {
  slope: number;
  intercept: number;
}

/** Rescale Slope/Intercept at top level or in the shared functional groups (PS3.3 C.7.6.16.2.9). */
export function readModality(ds: Dataset): Modality {
  const shared = ds.get(Tag.SharedFunctionalGroupsSequence)?.items?.[0];
  const pvt = shared?.get(Tag.PixelValueTransformationSequence)?.items?.[0];
  const src = ds.has(Tag.RescaleSlope) || !pvt ? ds : pvt;
  return { slope: src.number(Tag.RescaleSlope) ?? 1, intercept: src.number(Tag.RescaleIntercept) ?? 0 };
}

/** The first Window Center/Width pair of the header (PS3.3 C.11.2.1.2), if a usable one is there. */
export function headerWindow(ds: Dataset): Window | undefined {
  const center = ds.number(ImagingTag.WindowCenter);
  const width = ds.number(ImagingTag.WindowWidth);
  if (center === undefined || width === undefined || !(width > 0)) return undefined;
  const fn = (ds.string(ImagingTag.VOILUTFunction) ?? 'LINEAR').toUpperCase();
  return { center, width, fn: fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : 'LINEAR' };
}

/** A VOI LUT (PS3.3 C.11.2.1.1): first item only, the simple case of one table over modality values. */
export interface VoiLut {
  first: number;
  entries: number[];
  maxOut: number;
}

export function headerVoiLut(ds: Dataset): VoiLut | undefined {
  const item = ds.get(ImagingTag.VOILUTSequence)?.items?.[0];
  const desc = item?.numbers(ImagingTag.LUTDescriptor);
  const data = item?.get(ImagingTag.LUTData)?.value;
  if (!item || !desc || desc.length < 3 || !data) return undefined;
  const count = desc[0] === 0 ? 65536 : desc[0];
  const bits = desc[2];
  const entries = Array.from({ length: Math.min(count, data.length >> 1) }, (_, i) => data.readUInt16LE(2 * i));
  if (entries.length === 0) return undefined;
  return { first: desc[1], entries, maxOut: 2 ** bits - 1 };
}

/** Modality value → 0..255 by a window (PS3.3 C.11.2.1.2.1, .3.1 and .3.2). */
export function windowFn(w: Window): (x: number) => number {
  const { center: c, width } = w;
  if (w.fn === 'SIGMOID') return (x) => 255 / (1 + Math.exp((-4 * (x - c)) / width));
  if (w.fn === 'LINEAR_EXACT') {
    const lo = c - width / 2;
    return (x) => (x <= lo ? 0 : x > c + width / 2 ? 255 : ((x - lo) / width) * 255);
  }
  const lo = c - 0.5 - (width - 1) / 2;
  const hi = c - 0.5 + (width - 1) / 2;
  return (x) => (x <= lo ? 0 : x > hi ? 255 : ((x - (c - 0.5)) / Math.max(width - 1, 1) + 0.5) * 255);
}

export function lutFn(lut: VoiLut): (x: number) => number {
  const last = lut.entries.length - 1;
  return (x) => {
    const i = Math.min(last, Math.max(0, Math.round(x) - lut.first));
    return (lut.entries[i] / lut.maxOut) * 255;
  };
}
