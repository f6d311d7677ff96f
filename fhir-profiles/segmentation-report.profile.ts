import type { ElementDefinition } from '@medplum/fhirtypes';
import { PROFILE_URLS, RADIOLOGY_CATEGORY, REPORT_CODE } from '../libs/fhir/src/index';
import { el } from './snapshot';

const codeOnly = ({ system, code }: { system?: string; code?: string }) => ({ system, code });
const hl7 = (t: string) => `http://hl7.org/fhir/StructureDefinition/${t}`;

/**
 * Differential of the segmentation report: a radiology imaging report whose results are
 * all volume Observations. performer stays as R4 defines it (no Device allowed there); the
 * Device is on each result's Observation.device.
 */
export const segmentationReportDifferential: ElementDefinition[] = [
  el('DiagnosticReport', {
    short: 'Delineo segmentation report',
    definition:
      'Volumes of the segments of a DICOM SEG that Delineo computed from an imaging study, with a short conclusion.',
  }),
  el('DiagnosticReport.identifier', {
    min: 1,
    mustSupport: true,
    short: 'urn:uuid derived from the SEG SOP Instance UID',
  }),
  el('DiagnosticReport.category', {
    min: 1,
    mustSupport: true,
    slicing: { discriminator: [{ type: 'pattern', path: '$this' }], rules: 'open', ordered: false },
  }),
  el('DiagnosticReport.category:radiology', {
    sliceName: 'radiology',
    min: 1,
    max: '1',
    patternCodeableConcept: { coding: [codeOnly(RADIOLOGY_CATEGORY)] },
  }),
  el('DiagnosticReport.code', { mustSupport: true, patternCodeableConcept: { coding: [codeOnly(REPORT_CODE)] } }),
  el('DiagnosticReport.subject', {
    min: 1,
    mustSupport: true,
    type: [{ code: 'Reference', targetProfile: [hl7('Patient')] }],
  }),
  el('DiagnosticReport.effective[x]', { mustSupport: true, type: [{ code: 'dateTime' }], short: 'Study date/time' }),
  el('DiagnosticReport.issued', { min: 1, mustSupport: true }),
  el('DiagnosticReport.result', {
    min: 1,
    mustSupport: true,
    type: [{ code: 'Reference', targetProfile: [PROFILE_URLS.volumeObservation] }],
  }),
  el('DiagnosticReport.imagingStudy', { min: 1, mustSupport: true }),
  el('DiagnosticReport.conclusion', {
    min: 1,
    mustSupport: true,
    short: 'Volumes in prose, with the software and model that made them',
  }),
];
