import type { Dataset } from '@delineo/dicom';
import type { Vec3 } from '@delineo/volume';
import { SegError } from './errors';
import { SegTag } from './tags';
import type { SegFrame } from './types';

/** What one stored frame says about itself, before it is placed on a grid. */
export interface FrameInfo {
  position: Vec3;
  orientation: number[];
  /** [row spacing, column spacing] as PixelSpacing orders them. */
  pixelSpacing: number[];
  spacingBetweenSlices?: number;
  sliceThickness?: number;
  segmentNumber?: number;
  sourceImages: SegFrame['sourceImages'];
}

/** A functional group for one frame: the per-frame item overrides the shared one (PS3.3 §C.7.6.16). */
function group(shared: Dataset | undefined, perFrame: Dataset | undefined, seq: number): Dataset | undefined {
  return perFrame?.get(seq)?.items?.[0] ?? shared?.get(seq)?.items?.[0];
}

function sourceImages(derivation: Dataset[] | undefined): SegFrame['sourceImages'] {
  const out: SegFrame['sourceImages'] = [];
  for (const d of derivation ?? []) {
    for (const s of d.get(SegTag.SourceImageSequence)?.items ?? []) {
      const sopInstanceUid = s.string(SegTag.ReferencedSOPInstanceUID);
      if (!sopInstanceUid) continue;
      const frameNumber = s.number(SegTag.ReferencedFrameNumber);
      out.push({
        sopClassUid: s.string(SegTag.ReferencedSOPClassUID) ?? '',
        sopInstanceUid,
        ...(frameNumber ? { frameNumber } : {}),
      });
    }
  }
  return out;
}

/** Per-frame geometry, segment and source references of every frame (PS3.3 §C.7.6.16.2, §C.8.20.3). */
export function readFrames(ds: Dataset, count: number, needsSegment: boolean): FrameInfo[] {
  const shared = ds.get(SegTag.SharedFunctionalGroupsSequence)?.items?.[0];
  const perFrame = ds.get(SegTag.PerFrameFunctionalGroupsSequence)?.items ?? [];
  if (perFrame.length !== count)
    throw new SegError('seg/malformed', `${perFrame.length} per-frame items for ${count} frames`);
  return perFrame.map((pf, n) => {
    const position = group(shared, pf, SegTag.PlanePositionSequence)?.numbers(SegTag.ImagePositionPatient) ?? [];
    const orientation =
      group(shared, pf, SegTag.PlaneOrientationSequence)?.numbers(SegTag.ImageOrientationPatient) ?? [];
    const measures = group(shared, pf, SegTag.PixelMeasuresSequence);
    const pixelSpacing = measures?.numbers(SegTag.PixelSpacing) ?? [];
    if (
      position.length !== 3 ||
      orientation.length !== 6 ||
      pixelSpacing.length !== 2 ||
      ![...position, ...orientation, ...pixelSpacing].every(Number.isFinite)
    ) {
      throw new SegError('seg/malformed', `frame ${n + 1} lacks Plane Position, Plane Orientation or Pixel Measures`);
    }
    const segmentNumber = group(shared, pf, SegTag.SegmentIdentificationSequence)?.number(
      SegTag.ReferencedSegmentNumber,
    );
    if (needsSegment && segmentNumber === undefined)
      throw new SegError('seg/malformed', `frame ${n + 1} lacks Referenced Segment Number`);
    return {
      position: position as Vec3,
      orientation,
      pixelSpacing,
      spacingBetweenSlices: measures?.number(SegTag.SpacingBetweenSlices),
      sliceThickness: measures?.number(SegTag.SliceThickness),
      ...(segmentNumber !== undefined ? { segmentNumber } : {}),
      sourceImages: sourceImages(pf.get(SegTag.DerivationImageSequence)?.items),
    };
  });
}
