import type { DiagnosticReport, Identifier } from '@medplum/fhirtypes';
import { ACCESSION_TYPE, PROFILE_URLS, RADIOLOGY_CATEGORY, REPORT_CODE } from './codes';
import { narrativeDiv } from './conclusion';

export interface ReportContext {
  identifier: Identifier;
  /** AccessionNumber: the order the report answers. */
  accessionNumber?: string;
  patient: string;
  imagingStudy: string;
  results: readonly string[];
  effective?: string;
  issued: string;
  conclusion: string;
}

/**
 * The report (profile delineo-segmentation-report). No performer: R4 DiagnosticReport.performer
 * admits Practitioner, PractitionerRole, Organization and CareTeam only, not Device; the Device
 * is named by every result's Observation.device instead (https://hl7.org/fhir/R4/diagnosticreport.html).
 * The conclusion is also the narrative, so viewers that show only text.div show the volumes.
 * basedOn is a logical reference to the order by accession number
 * (https://hl7.org/fhir/R4/references.html#logical), the usual key for filing an imaging result with its order.
 */
export function diagnosticReport(ctx: ReportContext): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    meta: { profile: [PROFILE_URLS.segmentationReport] },
    text: { status: 'generated', div: narrativeDiv(ctx.conclusion) },
    identifier: [ctx.identifier],
    ...(ctx.accessionNumber
      ? { basedOn: [{ type: 'ServiceRequest', identifier: { type: ACCESSION_TYPE, value: ctx.accessionNumber } }] }
      : {}),
    status: 'final',
    category: [{ coding: [RADIOLOGY_CATEGORY] }],
    code: { coding: [REPORT_CODE], text: 'Imaging segmentation volumetry' },
    subject: { reference: ctx.patient },
    ...(ctx.effective ? { effectiveDateTime: ctx.effective } : {}),
    issued: ctx.issued,
    imagingStudy: [{ reference: ctx.imagingStudy }],
    result: ctx.results.map((reference) => ({ reference })),
    conclusion: ctx.conclusion,
  };
}
