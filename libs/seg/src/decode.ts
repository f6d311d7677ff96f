import { Dataset, parsePart10 } from '@delineo/dicom';
import type { Grid } from '@delineo/volume';
import { FrameInfo, readFrames } from './decode-frames';
import { checkReference, deriveGrid, placeFrames } from './decode-grid';
import { fillBinary, fillFractional, fillLabelmap } from './decode-pixels';
import { readSegments } from './decode-segments';
import { SegError } from './errors';
import { SegTag, SopClass } from './tags';
import type { SegDecodeOptions, SegDecodeResult, SegFrame } from './types';

const TYPES = ['BINARY', 'FRACTIONAL', 'LABELMAP'] as const;
const BITS: Record<(typeof TYPES)[number], number[]> = { BINARY: [1], FRACTIONAL: [8], LABELMAP: [8, 16] };

function referencedSeries(ds: Dataset): SegDecodeResult['referencedSeries'] {
  return (ds.get(SegTag.ReferencedSeriesSequence)?.items ?? []).map((s) => ({
    seriesInstanceUid: s.string(SegTag.SeriesInstanceUID) ?? '',
    instances: (s.get(SegTag.ReferencedInstanceSequence)?.items ?? []).map((i) => ({
      sopClassUid: i.string(SegTag.ReferencedSOPClassUID) ?? '',
      sopInstanceUid: i.string(SegTag.ReferencedSOPInstanceUID) ?? '',
    })),
  }));
}

function pixelData(ds: Dataset, bits: number, pixels: number, frames: number): Buffer {
  const el = ds.get(SegTag.PixelData);
  if (el?.fragments)
    throw new SegError('seg/unsupported-transfer-syntax', 'compressed (encapsulated) SEG pixel data is not decoded');
  const need = Math.ceil((pixels * frames * bits) / 8);
  if (!el?.value || el.value.length < need)
    throw new SegError('seg/malformed', 'Pixel Data is shorter than its frames');
  return el.value;
}

/**
 * DICOM SEG (Part 10 bytes or a parsed dataset) → segments and a label map of Segment Numbers on
 * the referenced grid. BINARY, FRACTIONAL (thresholded at one half) and LABELMAP; native
 * (uncompressed) transfer syntaxes only.
 */
export function decodeSeg(input: Buffer | Dataset, options: SegDecodeOptions = {}): SegDecodeResult {
  const ds = input instanceof Dataset ? input : parsePart10(input).dataset;
  const sopClassUid = ds.string(SegTag.SOPClassUID) ?? '';
  if (sopClassUid !== SopClass.Segmentation && sopClassUid !== SopClass.LabelMapSegmentation) {
    throw new SegError('seg/not-segmentation', 'SOP Class is not Segmentation or Label Map Segmentation Storage');
  }
  const type = ds.string(SegTag.SegmentationType) as (typeof TYPES)[number];
  if (!TYPES.includes(type))
    throw new SegError('seg/unsupported-segmentation-type', 'Segmentation Type is not BINARY, FRACTIONAL or LABELMAP');
  const rows = ds.number(SegTag.Rows) ?? 0;
  const columns = ds.number(SegTag.Columns) ?? 0;
  const count = ds.number(SegTag.NumberOfFrames) ?? 1;
  const bits = ds.number(SegTag.BitsAllocated) ?? 0;
  if (!rows || !columns || count < 1 || !BITS[type].includes(bits))
    throw new SegError(
      'seg/malformed',
      'Rows, Columns, Number of Frames or Bits Allocated invalid for the Segmentation Type',
    );
  const pixels = rows * columns;
  const raw = pixelData(ds, bits, pixels, count);
  const segments = readSegments(ds);
  const frames: FrameInfo[] = readFrames(ds, count, type !== 'LABELMAP');
  const grid: Grid = options.reference ?? deriveGrid(frames, rows, columns);
  if (options.reference) checkReference(options.reference, frames, rows, columns);
  const placed = {
    slices: placeFrames(frames, grid, options.reference),
    segments: frames.map((f) => f.segmentNumber ?? 0),
  };
  const voxels = grid.dims[0] * grid.dims[1] * grid.dims[2];
  const labelMap = Math.max(...segments.map((s) => s.number)) > 255 ? new Uint16Array(voxels) : new Uint8Array(voxels);
  let overlapVoxels = 0;
  if (type === 'BINARY') overlapVoxels = fillBinary(raw, pixels, placed, labelMap);
  else if (type === 'FRACTIONAL')
    overlapVoxels = fillFractional(raw, pixels, ds.number(SegTag.MaximumFractionalValue) ?? 255, placed, labelMap);
  else fillLabelmap(raw, bits, pixels, ds.number(SegTag.PixelPaddingValue), placed, labelMap);
  const out: SegFrame[] = frames.map((f, n) => ({
    frameNumber: n + 1,
    ...(f.segmentNumber !== undefined && type !== 'LABELMAP' ? { segmentNumber: f.segmentNumber } : {}),
    slice: placed.slices[n],
    imagePositionPatient: f.position,
    sourceImages: f.sourceImages,
  }));
  return {
    sopClassUid,
    sopInstanceUid: ds.string(SegTag.SOPInstanceUID) ?? '',
    seriesInstanceUid: ds.string(SegTag.SeriesInstanceUID) ?? '',
    studyInstanceUid: ds.string(SegTag.StudyInstanceUID) ?? '',
    ...(ds.string(SegTag.FrameOfReferenceUID) ? { frameOfReferenceUid: ds.string(SegTag.FrameOfReferenceUID) } : {}),
    segmentationType: type,
    segments,
    grid: { dims: grid.dims, spacing: grid.spacing, origin: grid.origin, direction: grid.direction },
    labelMap,
    frames: out,
    overlapVoxels,
    referencedSeries: referencedSeries(ds),
  };
}
