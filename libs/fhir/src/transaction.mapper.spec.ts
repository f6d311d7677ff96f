import type { Bundle, DiagnosticReport, Device, ImagingStudy, Observation, Patient } from '@medplum/fhirtypes';
import { entriesOf, reportInput } from '../test/fixtures';
import { ACCESSION_TYPE, PROFILE_URLS, STRUCTURE_LATERALITY_URL } from './codes';
import { FhirError } from './errors';
import { buildSegmentationReportBundle, reportIdentifier } from './transaction.mapper';

const build = (overrides = {}) => buildSegmentationReportBundle(reportInput(overrides));

/** Every `reference` anywhere in the bundle. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

const decodedKey = (ifNoneExist = '') => decodeURIComponent(ifNoneExist.replace(/^identifier=/, ''));

describe('buildSegmentationReportBundle', () => {
  const bundle = build();

  it('is a transaction of conditional creates with unique urn:uuid fullUrls', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const types = bundle.entry?.map((e) => e.resource?.resourceType);
    expect(types).toEqual([
      'Patient',
      'ImagingStudy',
      'Device',
      'Observation',
      'Observation',
      'Observation',
      'Observation',
      'DiagnosticReport',
    ]);
    const urls = bundle.entry?.map((e) => e.fullUrl) ?? [];
    expect(new Set(urls).size).toBe(urls.length);
    for (const e of bundle.entry ?? []) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.request).toEqual({
        method: 'POST',
        url: e.resource?.resourceType,
        ifNoneExist: expect.stringMatching(/^identifier=/),
      });
      expect(e.resource?.id).toBeUndefined();
    }
  });

  it('keys each conditional create on the identifier the resource carries', () => {
    for (const e of bundle.entry ?? []) {
      const [id] = (e.resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
      expect(decodedKey(e.request?.ifNoneExist)).toBe(`${id.system}|${id.value}`);
    }
    const [patient] = entriesOf<Patient>(bundle, 'Patient');
    expect(decodedKey(patient.request?.ifNoneExist)).toBe('urn:oid:1.2.3.4.5.6.7.8.9|EX-000123');
    const [study] = entriesOf<ImagingStudy>(bundle, 'ImagingStudy');
    expect(decodedKey(study.request?.ifNoneExist)).toBe(
      'urn:dicom:uid|urn:oid:2.25.100000000000000000000000000000000001',
    );
  });

  it('resolves every reference to an entry of the bundle', () => {
    const urls = new Set(bundle.entry?.map((e) => e.fullUrl));
    const refs = references(bundle.entry?.map((e) => e.resource));
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(urls.has(r)).toBe(true);
  });

  it('is byte-identical when built again, so a retry sends the same transaction', () => {
    expect(JSON.stringify(build())).toBe(JSON.stringify(bundle));
  });

  it('derives report and observation ids from the SEG SOP Instance UID, never from the patient', () => {
    const ids = (b: Bundle) =>
      b.entry?.filter((e) => e.resource?.resourceType !== 'Patient').map((e) => [e.fullUrl, e.request?.ifNoneExist]);
    const otherPatient = build({ patient: { id: 'OTHER-1', identifierSystem: 'https://hospital.example/mrn' } });
    expect(ids(otherPatient)).toEqual(ids(bundle));

    const input = reportInput();
    input.seg.sopInstanceUid = '2.25.999';
    const otherSeg = buildSegmentationReportBundle(input);
    const [report] = entriesOf<DiagnosticReport>(otherSeg, 'DiagnosticReport');
    expect(report.resource.identifier).toEqual([reportIdentifier('2.25.999')]);
    expect(report.fullUrl).not.toBe(entriesOf(bundle, 'DiagnosticReport')[0].fullUrl);
    // Shared resources keep their keys: the same study, the same software and model.
    expect(entriesOf(otherSeg, 'ImagingStudy')[0].request).toEqual(entriesOf(bundle, 'ImagingStudy')[0].request);
    expect(entriesOf(otherSeg, 'Device')[0].request).toEqual(entriesOf(bundle, 'Device')[0].request);
  });

  it('gives a new model version a new Device', () => {
    const next = build({ model: { ...reportInput().model, version: '1.0.1' } });
    expect(entriesOf<Device>(next, 'Device')[0].request?.ifNoneExist).not.toBe(
      entriesOf(bundle, 'Device')[0].request?.ifNoneExist,
    );
  });

  it('writes one volume Observation per segment, in segment order, with laterality beside the site', () => {
    const obs = entriesOf<Observation>(bundle, 'Observation').map((e) => e.resource);
    expect(obs.map((o) => o.bodySite?.text)).toEqual(['Body', 'Left lung', 'Right lung', 'Bone']);
    expect(obs[0].valueQuantity).toEqual({
      value: 18234.57,
      system: 'http://unitsofmeasure.org',
      code: 'mL',
      unit: 'mL',
    });
    expect(obs[0].bodySite?.extension).toBeUndefined();
    expect(obs[1].bodySite).toEqual({
      extension: [
        {
          url: STRUCTURE_LATERALITY_URL,
          valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '7771000', display: 'Left' }] },
        },
      ],
      coding: [{ system: 'http://snomed.info/sct', code: '39607008', display: 'Lung' }],
      text: 'Left lung',
    });
    expect(obs[1].component?.[0].valueInteger).toBe(3631481);
    for (const o of obs) {
      expect(o.meta?.profile).toEqual([PROFILE_URLS.volumeObservation]);
      expect(o).toMatchObject({
        status: 'final',
        effectiveDateTime: '2024-03-15T10:15:30.25+01:00',
        issued: '2024-03-15T09:47:12.000Z',
      });
    }
  });

  it('writes a final radiology report listing the study, every result and the conclusion', () => {
    const [report] = entriesOf<DiagnosticReport>(bundle, 'DiagnosticReport');
    const r = report.resource;
    expect(r.meta?.profile).toEqual([PROFILE_URLS.segmentationReport]);
    expect(r.status).toBe('final');
    expect(r.category?.[0].coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: 'LP29684-5' });
    expect(r.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '18748-4' });
    expect(r.result?.map((x) => x.reference)).toEqual(entriesOf(bundle, 'Observation').map((e) => e.fullUrl));
    expect(r.imagingStudy?.[0].reference).toBe(entriesOf(bundle, 'ImagingStudy')[0].fullUrl);
    expect(r.performer).toBeUndefined();
    expect(r.basedOn).toEqual([{ type: 'ServiceRequest', identifier: { type: ACCESSION_TYPE, value: 'ACC-EX-42' } }]);
    expect(r.conclusion).toBe(
      'Automated segmentation by Delineo 0.1.0 using model CT body outline, lungs and bone (classical, built-in), version 1.0.0. ' +
        'Volumes: Body 18234.6 mL; Left lung 2451.3 mL; Right lung 2803.8 mL; Bone 1420.1 mL. Not reviewed by a clinician.',
    );
    expect(r.text?.div).toContain('Left lung 2451.3 mL');
  });

  it('lists the source series and the SEG instance in the ImagingStudy', () => {
    const s = entriesOf<ImagingStudy>(bundle, 'ImagingStudy')[0].resource;
    expect(s.numberOfSeries).toBe(2);
    expect(s.numberOfInstances).toBe(213);
    expect(s.modality?.map((m) => m.code)).toEqual(['CT', 'SEG']);
    expect(s.series?.[1].instance).toEqual([
      {
        uid: '2.25.100000000000000000000000000000000004',
        sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.66.4' },
        number: 1,
      },
    ]);
  });

  it('sends only the study date when the time zone is unknown', () => {
    const input = reportInput();
    input.study.timezoneOffset = undefined;
    const b = buildSegmentationReportBundle(input);
    expect(entriesOf<DiagnosticReport>(b, 'DiagnosticReport')[0].resource.effectiveDateTime).toBe('2024-03-15');
  });

  it('treats empty Type 2 values (accession, study date and time) as unknown', () => {
    const input = reportInput();
    input.study = { ...input.study, accessionNumber: ' ', studyDate: '', studyTime: '', timezoneOffset: '' };
    const b = buildSegmentationReportBundle(input);
    const r = entriesOf<DiagnosticReport>(b, 'DiagnosticReport')[0].resource;
    expect(r.effectiveDateTime).toBeUndefined();
    expect(r.basedOn).toBeUndefined();
    expect(entriesOf<ImagingStudy>(b, 'ImagingStudy')[0].resource.identifier).toHaveLength(1);
  });

  it('prefers the configured identifier system and keeps a free-text issuer as the assigner', () => {
    const b = build({ patient: { id: 'X1', issuer: 'HOSPITAL_A', identifierSystem: 'https://hospital.example/mrn' } });
    expect(entriesOf<Patient>(b, 'Patient')[0].resource.identifier?.[0]).toMatchObject({
      system: 'https://hospital.example/mrn',
      value: 'X1',
      assigner: { display: 'HOSPITAL_A' },
    });
  });

  it('refuses a patient identifier without a system rather than match any namespace', () => {
    expect(() => build({ patient: { id: 'X1', issuer: 'HOSPITAL_A' } })).toThrow(FhirError);
    expect(() => build({ patient: { id: 'X1' } })).toThrow(
      expect.objectContaining({ code: 'fhir/missing-identifier-system' }),
    );
  });
});
