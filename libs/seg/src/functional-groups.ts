import { Dataset } from '@delineo/dicom';
import type { Vec3 } from '@delineo/volume';
import { codeItem, DCM, item, setAt, setDs, setUl, setUs, Text } from './dataset-build';
import type { PlannedFrame } from './pixels';
import { SourceIndex, sourceImageItem } from './references';
import { SegTag } from './tags';
import type { SegGeometry } from './types';

const column = (g: SegGeometry, c: number): Vec3 => [g.direction[c], g.direction[3 + c], g.direction[6 + c]];

/** ImagePositionPatient of slice k: origin + k · step · normal (PS3.3 §C.7.6.2.1.1). */
export function slicePosition(g: SegGeometry, k: number): Vec3 {
  const n = column(g, 2);
  return [0, 1, 2].map((a) => g.origin[a] + k * g.spacing[2] * n[a]) as Vec3;
}

/**
 * Shared Functional Groups (PS3.3 §C.7.6.16.2): Pixel Measures (PixelSpacing is row spacing, then
 * column spacing, §10.7.1.3) and Plane Orientation; both hold for every frame of a SEG on one grid.
 * Spacing Between Slices lets a reader rebuild the grid although empty frames are left out.
 */
export function sharedGroups(g: SegGeometry, sliceThickness: number): Dataset {
  return item((d) => {
    d.setSequence(SegTag.PixelMeasuresSequence, [
      item((m) => {
        setDs(m, SegTag.PixelSpacing, [g.spacing[1], g.spacing[0]]);
        setDs(m, SegTag.SliceThickness, [sliceThickness]);
        setDs(m, SegTag.SpacingBetweenSlices, [g.spacing[2]]);
      }),
    ]);
    d.setSequence(SegTag.PlaneOrientationSequence, [
      item((o) => setDs(o, SegTag.ImageOrientationPatient, [...column(g, 0), ...column(g, 1)])),
    ]);
  });
}

/**
 * Per-Frame Functional Groups (PS3.3 §C.7.6.16.2, Table A.51-2): Derivation Image (source frame,
 * purpose 121322, derivation 113076 Segmentation), Frame Content (Dimension Index Values), Plane
 * Position, and for BINARY the Segmentation macro (§C.8.20.3). Items that only depend on the slice
 * or the segment are built once and shared; the writer serialises each occurrence.
 */
export function perFrameGroups(
  g: SegGeometry,
  frames: PlannedFrame[],
  numbers: number[],
  sources: SourceIndex,
  text: Text,
): Dataset[] {
  const derivationCode = [codeItem(DCM('113076', 'Segmentation'), text)];
  const bySlice = new Map<number, { derivation: Dataset[]; position: Dataset[] }>();
  const segmentIds = numbers.map((n) => [item((s) => setUs(s, SegTag.ReferencedSegmentNumber, [n]))]);
  const slice = (k: number): { derivation: Dataset[]; position: Dataset[] } => {
    let hit = bySlice.get(k);
    if (!hit) {
      hit = {
        derivation: [
          item((d) => {
            d.setSequence(SegTag.SourceImageSequence, [sourceImageItem(sources.slices[k], text)]);
            d.setSequence(SegTag.DerivationCodeSequence, derivationCode);
          }),
        ],
        position: [item((p) => setDs(p, SegTag.ImagePositionPatient, slicePosition(g, k)))],
      };
      bySlice.set(k, hit);
    }
    return hit;
  };
  return frames.map((f) =>
    item((d) => {
      const s = slice(f.slice);
      d.setSequence(SegTag.DerivationImageSequence, s.derivation);
      // Index values: the Segment Number, then the slice's 1-based position in the source volume.
      const index = f.segment < 0 ? [f.slice + 1] : [numbers[f.segment], f.slice + 1];
      d.setSequence(SegTag.FrameContentSequence, [item((c) => setUl(c, SegTag.DimensionIndexValues, index))]);
      d.setSequence(SegTag.PlanePositionSequence, s.position);
      if (f.segment >= 0) d.setSequence(SegTag.SegmentIdentificationSequence, segmentIds[f.segment]);
    }),
  );
}

/**
 * Multi-frame Dimension Module (PS3.3 §C.7.6.17): BINARY frames vary by Referenced Segment Number
 * then Image Position (Patient); LABELMAP frames, which hold all segments, by position only.
 */
export function dimensionModule(out: Dataset, organizationUid: string, labelmap: boolean): void {
  out.setSequence(SegTag.DimensionOrganizationSequence, [
    item((d) => d.setString(SegTag.DimensionOrganizationUID, 'UI', organizationUid)),
  ]);
  const dims: [number, number, string][] = [
    [SegTag.ReferencedSegmentNumber, SegTag.SegmentIdentificationSequence, 'ReferencedSegmentNumber'],
    [SegTag.ImagePositionPatient, SegTag.PlanePositionSequence, 'ImagePositionPatient'],
  ];
  out.setSequence(
    SegTag.DimensionIndexSequence,
    (labelmap ? dims.slice(1) : dims).map(([pointer, group, label]) =>
      item((d) => {
        d.setString(SegTag.DimensionOrganizationUID, 'UI', organizationUid);
        setAt(d, SegTag.DimensionIndexPointer, [pointer]);
        setAt(d, SegTag.FunctionalGroupPointer, [group]);
        d.setString(SegTag.DimensionDescriptionLabel, 'LO', label);
      }),
    ),
  );
}
