import { computePatientAge } from './patient-age';

describe('computePatientAge (AS, PS3.5 §6.2)', () => {
  it.each([
    ['19790623', '20240315', '044Y'],
    ['19790315', '20240315', '045Y'], // birthday on the reference date completes the year
    ['19790316', '20240315', '044Y'],
    ['20220315', '20240315', '002Y'], // two completed years switch to years
    ['20220316', '20240315', '023M'],
    ['20240115', '20240315', '002M'],
    ['20240215', '20240315', '001M'],
    ['20240216', '20240315', '028D'],
    ['20240310', '20240315', '005D'],
    ['20240315', '20240315', '000D'],
    ['20000229', '20230228', '022Y'], // leap-day birth: not yet 23 on 28 Feb of a common year
    ['20000229', '20230301', '023Y'],
    ['18000101', '20240101', '224Y'],
  ])('born %s, seen %s → %s', (birth, ref, age) => {
    expect(computePatientAge(birth, ref)).toBe(age);
  });

  it.each([
    ['20240316', '20240315'],
    ['2024', '20240315'],
    ['20230230', '20240315'],
    ['19790623', ''],
  ])('is undefined for born %s, seen %s', (birth, ref) => {
    expect(computePatientAge(birth, ref)).toBeUndefined();
  });
});
