import type { Dataset } from '@delineo/dicom';
import type { CodedConcept, LabelDefinition } from '@delineo/models';
import type { Grid, SliceSource, Vec3 } from '@delineo/volume';

export type SegmentationType = 'BINARY' | 'LABELMAP';

/** The grid the label map lives on, and the source frame behind each slice k (a Volume minus data). */
export interface SegGeometry extends Grid {
  sources: SliceSource[];
}

export interface SegAlgorithm {
  /** Model name; with the version it becomes Segment Algorithm Name (0062,0009). */
  name: string;
  version: string;
  /** Algorithm Family Code Sequence (0066,002F), CID 7162; default (123110, DCM, "Artificial Intelligence"). */
  family?: CodedConcept;
}

export interface SegEncodeOptions {
  /** BINARY (default, Segmentation Storage) or LABELMAP (Label Map Segmentation Storage, Sup 243). */
  segmentationType?: SegmentationType;
  /** New UIDs; generated under 2.25 from a random UUID (PS3.5 §B.2) when absent. */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  seriesDescription?: string;
  /** Content Label (0070,0080), CS: upper case, digits, space, underscore, ≤ 16 chars. */
  contentLabel?: string;
  contentDescription?: string;
  /** Content Creator's Name (0070,0084), PN; empty (type 2) by default for an automatic result. */
  contentCreatorName?: string;
  /** Enhanced General Equipment (PS3.3 §C.7.5.2) of the SEG creator: this gateway. */
  manufacturer?: string;
  manufacturerModelName?: string;
  softwareVersion?: string;
  deviceSerialNumber?: string;
  /** Clock for Content/Series/Instance Creation date-times; pass a date-shifted clock for de-identified output. */
  now?: Date;
}

export interface SegEncodeInput {
  geometry: SegGeometry;
  /** One label value per voxel of `geometry`, x fastest: labelMap[i + nx·(j + ny·k)]; 0 = background. */
  labelMap: Uint8Array;
  labels: readonly LabelDefinition[];
  /**
   * Headers of the (de-identified) source instances; Pixel Data is not read. The first supplies the
   * Patient, Study and Frame of Reference attributes; the others may be minimal (SOPInstanceUID,
   * SOPClassUID, SeriesInstanceUID). A source with no header of its own takes the first one's.
   */
  sourceHeaders: readonly Dataset[];
  algorithm: SegAlgorithm;
  options?: SegEncodeOptions;
}

/** One frame of a SEG, in stored order. */
export interface SegFrame {
  /** 1-based frame number in the SEG. */
  frameNumber: number;
  /** Referenced Segment Number (BINARY); undefined for LABELMAP frames, which hold every segment. */
  segmentNumber?: number;
  /** Slice index k in the grid the label map is on. */
  slice: number;
  imagePositionPatient: Vec3;
  sourceImages: { sopClassUid: string; sopInstanceUid: string; frameNumber?: number }[];
}

export interface SegEncodeResult {
  /** The Part 10 file, Explicit VR Little Endian. */
  part10: Buffer;
  dataset: Dataset;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  frames: SegFrame[];
  /** Label value → Segment Number. BINARY numbers segments 1…n in label order (PS3.3 §C.8.20.2.3). */
  segmentNumbers: Map<number, number>;
}

export interface SegSegment {
  number: number;
  label: string;
  description?: string;
  category: CodedConcept;
  type: CodedConcept;
  modifier?: CodedConcept;
  algorithmType: string;
  algorithmName?: string;
  /** Recommended Display CIELab Value (0062,000D) as stored (0…65535), and as sRGB 0…255. */
  cielab?: Vec3;
  rgb?: Vec3;
}

export interface SegDecodeOptions {
  /** The referenced grid (e.g. the source volume); derived from the SEG's own frames when absent. */
  reference?: SegGeometry;
}

export interface SegDecodeResult {
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid?: string;
  segmentationType: SegmentationType | 'FRACTIONAL';
  segments: SegSegment[];
  grid: Grid;
  /** Segment Numbers on `grid`, x fastest; Uint16Array only when a Segment Number exceeds 255. */
  labelMap: Uint8Array | Uint16Array;
  frames: SegFrame[];
  /** Voxels claimed by two or more BINARY segments; the highest Segment Number wins. */
  overlapVoxels: number;
  referencedSeries: { seriesInstanceUid: string; instances: { sopClassUid: string; sopInstanceUid: string }[] }[];
}
