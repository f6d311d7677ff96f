import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

/** Canonical base of the artefacts in fhir-profiles/ (StructureDefinitions, CodeSystem). */
export const DELINEO_FHIR_BASE = 'https://delineo.example/fhir';

/** The profiles in fhir-profiles/; emitted resources claim them in meta.profile. */
export const PROFILE_URLS = {
  segmentationReport: `${DELINEO_FHIR_BASE}/StructureDefinition/delineo-segmentation-report`,
  volumeObservation: `${DELINEO_FHIR_BASE}/StructureDefinition/delineo-volume-observation`,
} as const;

/** Our CodeSystem for measurements no standard terminology names (fhir-profiles/). */
export const DELINEO_MEASUREMENT_SYSTEM = `${DELINEO_FHIR_BASE}/CodeSystem/delineo-measurement`;

/** Code system URIs, https://hl7.org/fhir/R4/terminologies-systems.html. */
export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  dicomDcm: 'http://dicom.nema.org/resources/ontology/DCM',
  /** DICOM UIDs as identifiers, https://hl7.org/fhir/R4/imagingstudy.html#notes. */
  dicomUid: 'urn:dicom:uid',
  /** Any URI as an identifier value (here urn:uuid:…), https://hl7.org/fhir/R4/datatypes.html#Identifier. */
  uri: 'urn:ietf:rfc:3986',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
} as const;

/**
 * DICOM Coding Scheme Designators (PS3.16 §8) that have a FHIR system URI. The legacy 'SRT'
 * (SNOMED RT ids such as T-28000) is absent on purpose: its codes are not SNOMED CT concept ids.
 */
export const CODING_SCHEMES: Readonly<Record<string, string>> = {
  SCT: SYSTEMS.snomed,
  DCM: SYSTEMS.dicomDcm,
  LN: SYSTEMS.loinc,
  UCUM: SYSTEMS.ucum,
};

/**
 * Segment categories (CID 7150) whose Segmented Property Type names a place in the body, so it
 * can be Observation.bodySite. Findings (e.g. 49755003 Morphologically Altered Structure) are
 * not sites; they would need Observation.focus and are refused until that is modelled.
 */
export const BODY_SITE_CATEGORIES: readonly Coding[] = [
  { system: SYSTEMS.snomed, code: '123037004', display: 'Anatomical Structure' },
  { system: SYSTEMS.snomed, code: '85756007', display: 'Tissue' },
];

/**
 * DiagnosticReport.category: LOINC LP29684-5 "Radiology", from the US Core DiagnosticReport
 * Category value set that US Core's report-and-note profile binds (extensible). R4's own binding
 * (v2-0074 "RAD") is only an example binding.
 */
export const RADIOLOGY_CATEGORY: Coding = { system: SYSTEMS.loinc, code: 'LP29684-5', display: 'Radiology' };

/**
 * DiagnosticReport.code: LOINC 18748-4 "Diagnostic imaging study", the document-ontology code for
 * an imaging report of any modality and region (R4's preferred binding report-codes is all of
 * LOINC; R4's document-classcodes lists it too). Modality/region-specific codes (e.g. "CT Chest")
 * would claim more than we know: a model runs on any series its manifest accepts.
 */
export const REPORT_CODE: Coding = { system: SYSTEMS.loinc, code: '18748-4', display: 'Diagnostic imaging study' };

/** Observation.category "imaging", https://hl7.org/fhir/R4/codesystem-observation-category.html. */
export const IMAGING_CATEGORY: Coding = { system: SYSTEMS.observationCategory, code: 'imaging', display: 'Imaging' };

/** SNOMED CT 118565006 "Volume (property)", the DICOM code for a volume measurement (CID 7469). */
export const VOLUME_CODE: Coding = { system: SYSTEMS.snomed, code: '118565006', display: 'Volume' };

/** No standard code names "number of voxels"; ours is defined in fhir-profiles/. */
export const VOXEL_COUNT_CODE: Coding = {
  system: DELINEO_MEASUREMENT_SYSTEM,
  code: 'voxel-count',
  display: 'Voxel count',
};

/** UCUM millilitre (case-sensitive code "mL"), https://hl7.org/fhir/R4/datatypes.html#Quantity. */
export const UCUM_ML = { system: SYSTEMS.ucum, code: 'mL', unit: 'mL' } as const;

/** v2-0203 identifier types: MR (medical record number) for PatientID, ACSN for the accession. */
export const MEDICAL_RECORD_TYPE: CodeableConcept = { coding: [{ system: SYSTEMS.v2IdentifierType, code: 'MR' }] };
export const ACCESSION_TYPE: CodeableConcept = { coding: [{ system: SYSTEMS.v2IdentifierType, code: 'ACSN' }] };

/** Segmentation Storage SOP Class, PS3.4 Table B.5-1. */
export const SEGMENTATION_STORAGE_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/**
 * Extension carrying laterality beside Observation.bodySite when the site code is not
 * pre-coordinated (FHIR Extensions Pack, trial use; context Observation.bodySite).
 */
export const STRUCTURE_LATERALITY_URL = 'http://hl7.org/fhir/StructureDefinition/observation-structureLaterality';

/** A FHIR Coding for a DICOM code triplet; undefined when the scheme has no FHIR system. */
export function dicomCoding(c: {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}): Coding | undefined {
  const system = CODING_SCHEMES[c.CodingSchemeDesignator];
  return system ? { system, code: c.CodeValue, display: c.CodeMeaning } : undefined;
}
