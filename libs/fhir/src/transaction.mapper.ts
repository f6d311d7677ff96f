import type { Bundle, BundleEntry, Identifier, Resource } from '@medplum/fhirtypes';
import { conclusionText } from './conclusion';
import { deviceResource } from './device.mapper';
import { diagnosticReport } from './diagnostic-report.mapper';
import { deviceName, fullUrlFor, ifNoneExistIdentifier, reportNames, uuidIdentifier } from './ids';
import { imagingStudyResource, studyStarted } from './imaging-study.mapper';
import { patientResource } from './patient.mapper';
import type { SegmentationReportInput } from './report-input';
import { validateReportInput } from './report-input.validate';
import { volumeObservation } from './volume-observation.mapper';

/** DiagnosticReport.identifier of the report for this SEG; store it to find or amend the report. */
export function reportIdentifier(segSopInstanceUid: string): Identifier {
  return uuidIdentifier(reportNames(segSopInstanceUid).report);
}

/**
 * A conditional create (https://hl7.org/fhir/R4/http.html#ccreate) keyed on the resource's first
 * identifier. In a transaction, a match means "use the existing resource": references to this
 * entry's fullUrl are rewritten to it (https://hl7.org/fhir/R4/http.html#trules), none is created.
 */
function conditionalCreate(fullUrl: string, resource: Resource & { identifier?: Identifier[] }): BundleEntry {
  const [identifier] = resource.identifier ?? [];
  return {
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType, ifNoneExist: ifNoneExistIdentifier(identifier) },
  };
}

/**
 * The FHIR R4 transaction Bundle that reports one segmentation result: Patient, ImagingStudy,
 * Device, one volume Observation per segment and the DiagnosticReport, all conditional creates.
 *
 * Idempotent: every identifier and fullUrl is derived from the SEG SOP Instance UID (or, for the
 * Device, from software and model versions), so a resend of the same result matches what the
 * first delivery created and creates nothing; a transaction is all-or-nothing
 * (https://hl7.org/fhir/R4/http.html#transaction), so there is no half-delivered state to repair.
 *
 * Throws FhirError: 'fhir/invalid-input', 'fhir/missing-identifier-system',
 * 'fhir/unsupported-coding-scheme', 'fhir/unsupported-segment-category'.
 */
export function buildSegmentationReportBundle(input: SegmentationReportInput): Bundle {
  validateReportInput(input);
  const names = reportNames(input.seg.sopInstanceUid);
  const device = deviceName(input.device, input.model);
  const refs = {
    patient: fullUrlFor(names.patient),
    imagingStudy: fullUrlFor(names.imagingStudy),
    device: fullUrlFor(device),
  };
  const effective = studyStarted(input.study);
  const issued = input.issued.toISOString();
  const segments = [...input.segments].sort((a, b) => a.number - b.number);

  const observations = segments.map((s) => {
    const name = names.observation(s.number);
    const observation = volumeObservation(s, [uuidIdentifier(name)], { refs, effective, issued });
    return conditionalCreate(fullUrlFor(name), observation);
  });
  const report = diagnosticReport({
    identifier: reportIdentifier(input.seg.sopInstanceUid),
    accessionNumber: input.study.accessionNumber?.trim() || undefined,
    patient: refs.patient,
    imagingStudy: refs.imagingStudy,
    results: observations.map((o) => o.fullUrl as string),
    effective,
    issued,
    conclusion: conclusionText(input),
  });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(refs.patient, patientResource(input.patient)),
      conditionalCreate(refs.imagingStudy, imagingStudyResource(input, refs.patient)),
      conditionalCreate(refs.device, deviceResource(input)),
      ...observations,
      conditionalCreate(fullUrlFor(names.report), report),
    ],
  };
}
