import { reportInput } from '../test/fixtures';
import { FhirError, type FhirErrorCode } from './errors';
import type { SegmentationReportInput } from './report-input';
import { validateReportInput } from './report-input.validate';
import { buildSegmentationReportBundle } from './transaction.mapper';

type Mutate = (i: SegmentationReportInput) => void;

function errorOf(fn: () => unknown): FhirError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirError) return e;
    throw e;
  }
  throw new Error('expected a FhirError');
}

function invalid(mutate: Mutate): FhirError {
  const input = reportInput();
  mutate(input);
  return errorOf(() => validateReportInput(input));
}

describe('validateReportInput', () => {
  it('accepts the documented example', () => {
    expect(() => validateReportInput(reportInput())).not.toThrow();
  });

  it.each<[string, Mutate]>([
    ['patient.id', (i) => (i.patient.id = '  ')],
    ['patient.id', (i) => (i.patient.id = 'A\nB')],
    ['patient.identifierSystem', (i) => (i.patient.identifierSystem = 'not a uri')],
    ['patient.name', (i) => (i.patient.name = 'a^b^c^d^e^f')],
    ['patient.birthDate', (i) => (i.patient.birthDate = '19701301')],
    ['patient.sex', (i) => (i.patient.sex = 'X')],
    ['study.studyInstanceUid', (i) => (i.study.studyInstanceUid = '1.02.3')],
    ['study.studyDate', (i) => (i.study.studyDate = '2024-03-15')],
    ['study.studyTime', (i) => (i.study.studyTime = '2561')],
    ['study.studyTime', (i) => (i.study.studyDate = undefined)],
    ['study.timezoneOffset', (i) => (i.study.timezoneOffset = '+1500')],
    ['sourceSeries', (i) => (i.sourceSeries = [])],
    ['sourceSeries[0].seriesInstanceUid', (i) => (i.sourceSeries[0].seriesInstanceUid = 'x')],
    ['sourceSeries[0].modality', (i) => (i.sourceSeries[0].modality = 'ct')],
    ['sourceSeries[0].instanceCount', (i) => (i.sourceSeries[0].instanceCount = 0)],
    ['seg.sopInstanceUid', (i) => (i.seg.sopInstanceUid = '')],
    ['model.version', (i) => (i.model.version = '')],
    ['device.name', (i) => (i.device.name = '')],
    ['issued', (i) => (i.issued = new Date('nope'))],
    ['segments', (i) => (i.segments = [])],
    ['segments[1].number', (i) => (i.segments[1].number = 1)],
    ['segments[0].number', (i) => (i.segments[0].number = 0)],
    ['segments[0].volumeMl', (i) => (i.segments[0].volumeMl = -1)],
    ['segments[0].volumeMl', (i) => (i.segments[0].volumeMl = Number.NaN)],
    ['segments[0].voxelCount', (i) => (i.segments[0].voxelCount = 2.5)],
    ['segments[0].voxelCount', (i) => (i.segments[0].voxelCount = 2 ** 31)],
    [
      'segments[0].label.type',
      (i) => (i.segments[0].label.type = { CodeValue: '', CodingSchemeDesignator: 'SCT', CodeMeaning: 'x' }),
    ],
  ])('rejects a bad %s as fhir/invalid-input naming the field', (field, mutate) => {
    const e = invalid(mutate);
    expect(e.code).toBe('fhir/invalid-input');
    expect(e.problems.some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('lists every problem at once', () => {
    const e = invalid((i) => {
      i.patient.id = '';
      i.seg.seriesInstanceUid = 'x';
      i.segments[0].volumeMl = -1;
    });
    expect(e.problems).toHaveLength(3);
  });

  it('refuses codes from a scheme FHIR has no system for, such as legacy SNOMED RT', () => {
    const e = invalid(
      (i) => (i.segments[0].label.type = { CodeValue: 'T-28000', CodingSchemeDesignator: 'SRT', CodeMeaning: 'Lung' }),
    );
    expect(e.code).toBe('fhir/unsupported-coding-scheme');
  });

  it('refuses a finding category, which is not a body site', () => {
    const e = invalid(
      (i) =>
        (i.segments[0].label.category = {
          CodeValue: '49755003',
          CodingSchemeDesignator: 'SCT',
          CodeMeaning: 'Morphologically Altered Structure',
        }),
    );
    expect(e.code).toBe('fhir/unsupported-segment-category');
  });
});

describe('error messages carry no patient values', () => {
  const SENTINELS = ['PHI-ID-7731', 'Zyxwabc', 'Qwertyu', '19991399', 'PHI-ISSUER', '2.25.555', 'PHI-ACC-99'];
  const phiInput = (): SegmentationReportInput => {
    const i = reportInput();
    i.patient = {
      id: 'PHI-ID-7731\n',
      issuer: 'PHI-ISSUER Hospital',
      name: 'Zyxwabc^Qwertyu^^^^^^',
      birthDate: '19991399',
      sex: 'PHI',
    };
    i.study = { ...i.study, studyInstanceUid: '2.25.555.0x', accessionNumber: 'PHI-ACC-99\n', studyDate: '19991399' };
    return i;
  };

  it.each<[FhirErrorCode, () => SegmentationReportInput]>([
    ['fhir/invalid-input', phiInput],
    [
      'fhir/missing-identifier-system',
      () =>
        reportInput({
          patient: { id: 'PHI-ID-7731', issuer: 'PHI-ISSUER Hospital', name: 'Zyxwabc^Qwertyu', birthDate: '19991231' },
        }),
    ],
  ])('%s', (code, input) => {
    const e = errorOf(() => buildSegmentationReportBundle(input()));
    expect(e.code).toBe(code);
    const text = [e.message, ...e.problems, String(e.stack)].join('\n');
    for (const s of SENTINELS) expect(text).not.toContain(s);
  });
});
