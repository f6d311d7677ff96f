import type { LabelDefinition } from '@delineo/models';

/**
 * Everything a segmentation report needs, as the delivery path holds it after re-identification:
 * original identifiers and DICOM-formatted values (DA, TM, PN, CS) straight from the vault. This
 * lib maps them to FHIR and never logs them; it keeps nothing.
 */
export interface SegmentationReportInput {
  patient: PatientInput;
  study: StudyInput;
  /** The series the model read; at least one. */
  sourceSeries: readonly SourceSeriesInput[];
  seg: SegInput;
  model: { id: string; name: string; version: string };
  /** The software that ran the model (Delineo and its version). */
  device: { name: string; version: string };
  /** One volume per segment; at least one. */
  segments: readonly SegmentVolume[];
  /** When the result was made available: DiagnosticReport.issued and Observation.issued. */
  issued: Date;
}

/** Original Patient module values. */
export interface PatientInput {
  /** PatientID (0010,0020). */
  id: string;
  /**
   * IssuerOfPatientID (0010,0021). An OID or an absolute URI becomes Identifier.system; other
   * text only Identifier.assigner.display.
   */
  issuer?: string;
  /**
   * Identifier.system of PatientID in the receiving EHR (its MRN namespace), from the
   * destination's settings; wins over one derived from `issuer`.
   */
  identifierSystem?: string;
  /** PatientName (0010,0010), DICOM PN: Family^Given^Middle^Prefix^Suffix. */
  name?: string;
  /** PatientBirthDate (0010,0030), DICOM DA: YYYYMMDD. */
  birthDate?: string;
  /** PatientSex (0010,0040): M, F or O. */
  sex?: string;
}

/** Original General Study values. */
export interface StudyInput {
  /** StudyInstanceUID (0020,000D), the original. */
  studyInstanceUid: string;
  /** AccessionNumber (0008,0050). */
  accessionNumber?: string;
  /** StudyDate (0008,0020), DICOM DA. */
  studyDate?: string;
  /** StudyTime (0008,0030), DICOM TM. */
  studyTime?: string;
  /**
   * TimezoneOffsetFromUTC (0008,0201), "+HHMM" / "-HHMM", or the site's offset. FHIR R4 requires
   * a zone on any dateTime with a time, so without it only the study date is sent.
   */
  timezoneOffset?: string;
}

export interface SourceSeriesInput {
  /** SeriesInstanceUID (0020,000E), the original. */
  seriesInstanceUid: string;
  /** Modality (0008,0060), e.g. CT. */
  modality: string;
  /** SeriesNumber (0020,0011). */
  seriesNumber?: number;
  /** Instances in the series, ≥ 1. */
  instanceCount: number;
}

/** The one SEG instance Delineo wrote for this result. */
export interface SegInput {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesNumber?: number;
}

/** What FHIR needs from a model label: its name and DICOM codes (CID 7150/7151, CID 244). */
export type SegmentLabel = Pick<LabelDefinition, 'name' | 'category' | 'type' | 'modifier'>;

export interface SegmentVolume {
  /** Segment Number (0062,0004) in the SEG; the label map value. */
  number: number;
  label: SegmentLabel;
  /** Volume in millilitres (libs/models labelVolumes). */
  volumeMl: number;
  voxelCount: number;
}
