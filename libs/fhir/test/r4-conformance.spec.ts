import type { Bundle, DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { resolveTransaction } from '../../../fhir-profiles/examples';
import { buildSegmentationReportBundle } from '../src';
import { profiles, reportInput } from './fixtures';
import { issues, summarize } from './medplum-validator';

/**
 * The emitted transaction checked by a real validator (@medplum/core) against the R4 base
 * definitions and against our committed profiles, including resources built to break them.
 */
const bundle = buildSegmentationReportBundle(reportInput());
const stored = resolveTransaction(bundle);
const report = stored.find((r) => r.resourceType === 'DiagnosticReport') as DiagnosticReport;
const observations = stored.filter((r): r is Observation => r.resourceType === 'Observation');
const errors = (r: Resource, p?: Parameters<typeof issues>[1]) =>
  summarize(issues(r, p).filter((i) => i.severity === 'error'));

describe('emitted resources against FHIR R4', () => {
  it.each(stored.map((r) => [r.resourceType, r] as const))('%s is valid R4 without a single issue', (_, resource) => {
    expect(summarize(issues(resource))).toEqual([]);
  });

  it('the transaction Bundle as posted has no errors; its only warnings are urn:uuid references', () => {
    const found = issues(bundle);
    expect(summarize(found.filter((i) => i.severity === 'error'))).toEqual([]);
    // medplum types a reference by its "Type/" prefix; a bundle-local urn:uuid has none.
    for (const w of found) expect(w.details?.text).toMatch(/^Invalid reference: got "urn:uuid:/);
  });

  it('fails a transaction entry without a request (bdl-3), so the check can fail', () => {
    const broken = structuredClone(bundle) as Bundle;
    delete broken.entry?.[0].request;
    expect(errors(broken).join('\n')).toContain('bdl-3');
  });

  it('fails malformed R4: an unknown element and a DICOM DA where a dateTime belongs', () => {
    expect(errors({ ...report, performedBy: 'x' } as Resource).join('\n')).toContain(
      'Invalid additional property "performedBy"',
    );
    expect(errors({ ...report, effectiveDateTime: '20240315' }).join('\n')).toContain('Invalid dateTime format');
    // medplum accepts a time without a zone, which R4 forbids; fhirDateTime never emits one.
  });
});

describe('emitted resources against the Delineo profiles', () => {
  const reportProfile = profiles.report();
  const observationProfile = profiles.observation();

  it('the DiagnosticReport conforms to delineo-segmentation-report', () => {
    expect(summarize(issues(report, reportProfile))).toEqual([]);
  });

  it.each(observations.map((o) => [o.bodySite?.text, o] as const))(
    'the %s Observation conforms to delineo-volume-observation',
    (_, o) => {
      expect(summarize(issues(o, observationProfile))).toEqual([]);
    },
  );

  const left = observations[1];
  it.each<[string, Observation, string]>([
    [
      'with unit cm3',
      { ...left, valueQuantity: { ...left.valueQuantity, code: 'cm3', unit: 'cm3' } },
      'Observation.value[x]: Value did not match expected pattern',
    ],
    [
      'without a UCUM system',
      { ...left, valueQuantity: { value: 1, unit: 'mL' } },
      'Observation.value[x]: Value did not match expected pattern',
    ],
    [
      'as a string',
      { ...left, valueQuantity: undefined, valueString: '12 mL' },
      'Observation.value[x]: Value did not match expected pattern',
    ],
    ['without a value', { ...left, valueQuantity: undefined }, 'Missing required property'],
    ['without bodySite', { ...left, bodySite: undefined }, 'Observation.bodySite: Missing required property'],
    ['with a text-only bodySite', { ...left, bodySite: { text: 'lung' } }, 'dlnv-2'],
    ['with a negative volume', { ...left, valueQuantity: { ...left.valueQuantity, value: -1 } }, 'dlnv-1'],
    [
      'with another code',
      { ...left, code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] } },
      'Observation.code: Value did not match expected pattern',
    ],
    ['without the imaging category', { ...left, category: [{ text: 'other' }] }, "slice 'imaging'"],
    ['without a device', { ...left, device: undefined }, 'Observation.device: Missing required property'],
    ['without derivedFrom', { ...left, derivedFrom: undefined }, 'Missing required property'],
    [
      'with two voxel counts',
      { ...left, component: [...(left.component ?? []), ...(left.component ?? [])] },
      "slice 'voxelCount'",
    ],
  ])('an Observation %s fails the profile', (_, broken, expected) => {
    const json = JSON.parse(JSON.stringify(broken)) as Observation;
    expect(errors(json, observationProfile).join('\n')).toContain(expected);
  });

  it('base R4 accepts what only our profile forbids, so the profile is what rejects it', () => {
    expect(errors({ ...left, valueQuantity: { ...left.valueQuantity, code: 'cm3', unit: 'cm3' } })).toEqual([]);
    expect(errors(JSON.parse(JSON.stringify({ ...left, bodySite: undefined })))).toEqual([]);
  });

  it.each<[string, DiagnosticReport, string]>([
    [
      'without a conclusion',
      { ...report, conclusion: undefined },
      'DiagnosticReport.conclusion: Missing required property',
    ],
    ['without results', { ...report, result: undefined }, 'Missing required property'],
    ['without the imaging study', { ...report, imagingStudy: undefined }, 'Missing required property'],
    [
      'with the v2 RAD category only',
      { ...report, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }] },
      "slice 'radiology'",
    ],
    [
      'with another report code',
      { ...report, code: { coding: [{ system: 'http://loinc.org', code: '11502-2' }] } },
      'Value did not match expected pattern',
    ],
    ['without issued', { ...report, issued: undefined }, 'DiagnosticReport.issued: Missing required property'],
  ])('a DiagnosticReport %s fails the profile', (_, broken, expected) => {
    const json = JSON.parse(JSON.stringify(broken)) as DiagnosticReport;
    expect(errors(json, reportProfile).join('\n')).toContain(expected);
  });

  it('warns when the report subject is not a Patient, which R4 itself would allow', () => {
    const onDevice = { ...report, subject: { reference: 'Device/1' } };
    expect(summarize(issues(onDevice))).toEqual([]);
    expect(summarize(issues(onDevice, reportProfile)).join('\n')).toContain('Invalid reference: got "Device"');
  });
});
