import { Dataset, parsePart10, Tag, TransferSyntax, transferSyntaxTraits } from '@delineo/dicom';
import { decodeFrame, frameStreams } from './codecs';
import { VolumeError } from './errors';
import { PixelFormat, readPixelFormat, Rescale, storedToFloat } from './pixel-format';

/** A parsed instance as @delineo/dicom returns it; a bare Dataset is taken as native pixel data. */
export interface ParsedInstance {
  dataset: Dataset;
  transferSyntaxUid: string;
}
export type SeriesInput = Buffer | ParsedInstance | Dataset;

/** Geometry and pixel access for one frame of one instance, before sorting into a volume. */
export interface FrameInfo {
  sopInstanceUid: string;
  frameNumber: number;
  /** ImagePositionPatient (LPS mm) of the first transmitted pixel; undefined when absent. */
  position?: [number, number, number];
  /** ImageOrientationPatient: row direction cosines then column direction cosines. */
  orientation?: number[];
  /** PixelSpacing: [between rows, between columns] (PS3.3 §10.7.1.3). */
  pixelSpacing?: number[];
  sliceThickness?: number;
  rescale: Rescale;
  format: PixelFormat;
  /** Writes this frame's real-world values into out[offset…]. */
  decodeInto(out: Float32Array, offset: number): void;
}

export function toParsed(input: SeriesInput): ParsedInstance {
  if (Buffer.isBuffer(input)) return parsePart10(input);
  if (input instanceof Dataset) return { dataset: input, transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian };
  return input;
}

export const isEncapsulated = (p: ParsedInstance): boolean =>
  !!p.dataset.get(Tag.PixelData)?.fragments || !!transferSyntaxTraits(p.transferSyntaxUid)?.encapsulated;

/** Per-frame item overrides the shared item for a functional group (PS3.3 §C.7.6.16). */
function group(shared: Dataset | undefined, perFrame: Dataset | undefined, seq: number): Dataset | undefined {
  return perFrame?.get(seq)?.items?.[0] ?? shared?.get(seq)?.items?.[0];
}

const nums = (ds: Dataset | undefined, tag: number): number[] | undefined => {
  const v = ds?.numbers(tag) ?? [];
  return v.length > 0 && v.every(Number.isFinite) ? v : undefined;
};

function rawFrames(p: ParsedInstance, f: PixelFormat, frames: number): (i: number) => Uint8Array {
  const el = p.dataset.get(f.float ? Tag.FloatPixelData : Tag.PixelData);
  if (el?.fragments) {
    const streams = frameStreams(el.fragments, frames);
    if (streams.length < frames)
      throw new VolumeError('volume/decode-failed', 'fewer compressed frames than NumberOfFrames');
    return (i) => decodeFrame(streams[i], p.transferSyntaxUid, f);
  }
  const value = el?.value;
  if (!value) throw new VolumeError('volume/no-pixel-data', 'Pixel Data has no value');
  const frameBytes = (f.rows * f.columns * f.bitsAllocated) / 8;
  if (f.bitsAllocated < 8) throw new VolumeError('volume/unsupported-pixel-format', 'bit-packed pixel data');
  if (value.length < frameBytes * frames)
    throw new VolumeError('volume/decode-failed', 'Pixel Data shorter than its frames');
  return (i) => value.subarray(i * frameBytes, (i + 1) * frameBytes);
}

/**
 * Frames of one instance. Classic images carry geometry at the top level (Image Plane Module,
 * PS3.3 §C.7.6.2); enhanced multi-frame images carry it in the Shared and Per-Frame Functional
 * Groups Sequences (5200,9229)/(5200,9230): Plane Position (0020,9113), Plane Orientation
 * (0020,9116), Pixel Measures (0028,9110), Pixel Value Transformation (0028,9145).
 */
export function instanceFrames(input: SeriesInput): FrameInfo[] {
  const p = toParsed(input);
  const ds = p.dataset;
  const format = readPixelFormat(ds);
  const count = ds.number(Tag.NumberOfFrames) ?? 1;
  const raw = rawFrames(p, format, count);
  const sop = ds.string(Tag.SOPInstanceUID) ?? '';
  const shared = ds.get(Tag.SharedFunctionalGroupsSequence)?.items?.[0];
  const perFrame = ds.get(Tag.PerFrameFunctionalGroupsSequence)?.items;
  const out: FrameInfo[] = [];
  for (let i = 0; i < count; i++) {
    const pf = perFrame?.[i];
    const enhanced = !!(shared || pf);
    const pos = enhanced ? group(shared, pf, Tag.PlanePositionSequence) : ds;
    const ori = enhanced ? group(shared, pf, Tag.PlaneOrientationSequence) : ds;
    const meas = enhanced ? group(shared, pf, Tag.PixelMeasuresSequence) : ds;
    const pvt = (enhanced && group(shared, pf, Tag.PixelValueTransformationSequence)) || ds;
    const rescale = { slope: pvt.number(Tag.RescaleSlope) ?? 1, intercept: pvt.number(Tag.RescaleIntercept) ?? 0 };
    if (rescale.slope === 0) rescale.slope = 1; // a zero slope is a writer bug, never meant literally
    const position = nums(pos, Tag.ImagePositionPatient);
    out.push({
      sopInstanceUid: sop,
      frameNumber: i + 1,
      position: position?.length === 3 ? [position[0], position[1], position[2]] : undefined,
      orientation: nums(ori, Tag.ImageOrientationPatient),
      pixelSpacing: nums(meas, Tag.PixelSpacing),
      sliceThickness: meas?.number(Tag.SliceThickness),
      rescale,
      format,
      decodeInto: (dst, offset) => storedToFloat(raw(i), format, rescale, dst, offset),
    });
  }
  return out;
}
