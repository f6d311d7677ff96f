/**
 * The model package contract: a folder holding `manifest.json` (this shape) and whatever the
 * runner needs (an ONNX file, nothing for a built-in). Labels carry the DICOM SEG segment
 * description (PS3.3 §C.8.20.4) so the SEG encoder needs nothing else.
 */
export type Vec3 = [number, number, number];

/** A coded concept (PS3.3 §8.8, Code Sequence Macro); SNOMED CT from CID 7150/7151/7152. */
export interface CodedConcept {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export type IntensityNormalization =
  | { kind: 'hu-window'; min: number; max: number }
  | { kind: 'zscore' }
  | { kind: 'percentile'; low: number; high: number }
  | { kind: 'minmax' }
  /** Min–max to 256 levels in [0, 1] (brainchop's uint8 conform followed by /255). */
  | { kind: 'minmax-uint8' };

export interface Preprocessing {
  /**
   * 'LIA' is FreeSurfer's conform (mri_convert --conform): it needs both fixedShape and
   * targetSpacing, and centres that grid on the source. Otherwise fixedShape and targetSpacing
   * are exclusive.
   */
  orientation: 'RAS' | 'LPS' | 'LIA' | 'native';
  /** Resample to this spacing (mm). */
  targetSpacing?: Vec3;
  /** Resample to this voxel grid. */
  fixedShape?: Vec3;
  intensity: IntensityNormalization;
  /** Run the network only on the bounding box of voxels above threshold × max (after scaling). */
  crop?: { threshold: number };
}

export type ExecutionProvider = 'cuda' | 'webgpu' | 'cpu';

export type Runner =
  | { kind: 'builtin'; algorithm: string }
  | {
      kind: 'onnx';
      file: string;
      inputName?: string;
      outputName?: string;
      patchSize?: Vec3;
      /** Sliding-window overlap as a fraction of the patch, [0, 1). */
      overlap?: number;
      executionProviders?: ExecutionProvider[];
    }
  /** An external program; argv placeholders {input}/{inputDir} and {output}/{outputDir} (run/command-runner.ts). */
  | { kind: 'command'; argv: string[]; timeoutSeconds: number };

/** Segment Algorithm Type (0062,0008), PS3.3 §C.8.20.2. */
export type AlgorithmType = 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';

export interface LabelDefinition {
  /** Label map value, 1…255; becomes the Segment Number. */
  value: number;
  name: string;
  /** Segmented Property Category Code Sequence (0062,0003), CID 7150. */
  category: CodedConcept;
  /** Segmented Property Type Code Sequence (0062,000F), CID 7151. */
  type: CodedConcept;
  /** Segmented Property Type Modifier Code Sequence (0062,0011), e.g. Left/Right. */
  modifier?: CodedConcept;
  recommendedDisplayRGB: Vec3;
  algorithmType: AlgorithmType;
}

export type PostprocessingStep = { kind: 'largest-connected-component'; labels?: number[] };

/** Provenance of imported weights, kept so a hospital can audit what it runs. */
export interface ModelSource {
  format: string;
  license: string;
  upstream: string;
  convertedBy?: string;
}

export interface ModelManifest {
  id: string;
  version: string;
  name: string;
  description?: string;
  source?: ModelSource;
  input: { modality: string[]; minSlices: number };
  preprocessing: Preprocessing;
  runner: Runner;
  labels: LabelDefinition[];
  postprocessing: PostprocessingStep[];
}
