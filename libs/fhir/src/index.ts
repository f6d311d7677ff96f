export * from './errors';
export {
  ACCESSION_TYPE,
  BODY_SITE_CATEGORIES,
  CODING_SCHEMES,
  DELINEO_FHIR_BASE,
  DELINEO_MEASUREMENT_SYSTEM,
  IMAGING_CATEGORY,
  MEDICAL_RECORD_TYPE,
  PROFILE_URLS,
  RADIOLOGY_CATEGORY,
  REPORT_CODE,
  SEGMENTATION_STORAGE_SOP_CLASS,
  STRUCTURE_LATERALITY_URL,
  SYSTEMS,
  UCUM_ML,
  VOLUME_CODE,
  VOXEL_COUNT_CODE,
  dicomCoding,
} from './codes';
export type {
  PatientInput,
  SegInput,
  SegmentLabel,
  SegmentVolume,
  SegmentationReportInput,
  SourceSeriesInput,
  StudyInput,
} from './report-input';
export { validateReportInput } from './report-input.validate';
export { buildSegmentationReportBundle, reportIdentifier } from './transaction.mapper';
export { toSegmentVolumes } from './segments.mapper';
export { conclusionText } from './conclusion';
export { patientIdentifier } from './patient.mapper';
export { studyIdentifier } from './imaging-study.mapper';
export { DELINEO_UUID_NAMESPACE, uuidV5 } from './ids';
export { administrativeGender, fhirDate, fhirDateTime, humanName } from './dicom-values.mapper';
