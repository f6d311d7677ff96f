import {
  administrativeGender,
  fhirDate,
  fhirDateTime,
  fhirTime,
  fhirTimezone,
  humanName,
  isAbsoluteUri,
  oidSystem,
} from './dicom-values.mapper';

describe('DICOM values to FHIR', () => {
  it.each([
    ['20240315', '2024-03-15'],
    ['20240229', '2024-02-29'],
    ['20230229', undefined],
    ['20241301', undefined],
    ['2024-03-15', undefined],
    ['2024.03.15', undefined],
    ['00000101', undefined],
  ])('maps DA %s to FHIR date %s', (da, date) => expect(fhirDate(da)).toBe(date));

  it.each([
    ['10', '10:00:00'],
    ['1015', '10:15:00'],
    ['101530', '10:15:30'],
    ['101530.250000', '10:15:30.250000'],
    ['10:15:30', '10:15:30'],
    ['2400', undefined],
    ['1060', undefined],
    ['abc', undefined],
  ])('maps TM %s to FHIR time %s', (tm, time) => expect(fhirTime(tm)).toBe(time));

  it.each([
    ['+0100', '+01:00'],
    ['-0500', '-05:00'],
    ['+1400', '+14:00'],
    ['+1401', undefined],
    ['-1400', undefined],
    ['+0160', undefined],
    ['0100', undefined],
  ])('maps TimezoneOffsetFromUTC %s to %s', (tz, out) => expect(fhirTimezone(tz)).toBe(out));

  it('sends a time only with a zone, because R4 dateTime requires one when a time is present', () => {
    expect(fhirDateTime('20240315', '101530', '+0100')).toBe('2024-03-15T10:15:30+01:00');
    expect(fhirDateTime('20240315', '101530')).toBe('2024-03-15');
    expect(fhirDateTime('20240315')).toBe('2024-03-15');
    expect(fhirDateTime('20240315', '99', '+0100')).toBeUndefined();
    expect(fhirDateTime('nope')).toBeUndefined();
  });

  it('maps PN components to HumanName and ignores ideographic and phonetic groups', () => {
    expect(humanName('Doe^Jane^Q^Dr^PhD')).toEqual({
      use: 'official',
      family: 'Doe',
      given: ['Jane', 'Q'],
      prefix: ['Dr'],
      suffix: ['PhD'],
    });
    expect(humanName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toEqual({
      use: 'official',
      family: 'Yamada',
      given: ['Tarou'],
    });
    expect(humanName('^^^^')).toBeUndefined();
    expect(humanName('a^b^c^d^e^f')).toBeUndefined();
  });

  it.each([
    ['M', 'male'],
    ['F', 'female'],
    ['O', 'other'],
    ['', 'unknown'],
    ['X', undefined],
  ])('maps PatientSex %s to %s', (sex, gender) => expect(administrativeGender(sex)).toBe(gender));

  it('recognises OIDs and absolute URIs as identifier systems', () => {
    expect(oidSystem('1.2.840.113619')).toBe('urn:oid:1.2.840.113619');
    expect(oidSystem('HOSPITAL_A')).toBeUndefined();
    expect(oidSystem('1.02.3')).toBeUndefined();
    expect(isAbsoluteUri('https://hospital.example/mrn')).toBe(true);
    expect(isAbsoluteUri('urn:oid:1.2.3')).toBe(true);
    expect(isAbsoluteUri('HOSPITAL A')).toBe(false);
  });
});
