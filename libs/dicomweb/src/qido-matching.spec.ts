import { DicomWebError } from './errors';
import { isQueryUid, parseDateRange, tryParseRange, wildcardToSqlLike } from './qido-matching';

describe('wildcardToSqlLike', () => {
  it.each([
    ['Doe*', 'Doe%'],
    ['D?e', 'D_e'],
    ['100%_x', '100\\%\\_x'],
    ['a\\b*', 'a\\\\b%'],
    ['**', '%%'],
  ])('maps %s to %s', (input, like) => {
    expect(wildcardToSqlLike(input)).toBe(like);
  });
});

describe('parseDateRange', () => {
  it.each([
    ['20240101-20240131', { from: '20240101', to: '20240131' }],
    ['20240101-', { from: '20240101' }],
    ['-20240131', { to: '20240131' }],
    ['20240101', { from: '20240101', to: '20240101' }],
  ])('parses %s', (value, range) => {
    expect(parseDateRange(value)).toEqual(range);
  });

  it.each(['', '-', '2024-01-01', '20240230x', '20240132', '2024010-20240131'])('rejects %j', (value) => {
    expect(() => parseDateRange(value)).toThrow(DicomWebError);
  });

  it('reads a DT with a negative UTC offset as one value, and splits a DT range', () => {
    expect(tryParseRange('20240101120000-0500', 'DT')).toEqual({
      from: '20240101120000-0500',
      to: '20240101120000-0500',
    });
    expect(tryParseRange('20240101-20240102120000.5+0100', 'DT')).toEqual({
      from: '20240101',
      to: '20240102120000.5+0100',
    });
  });

  it('validates TM values', () => {
    expect(tryParseRange('0800-173000.25', 'TM')).toEqual({ from: '0800', to: '173000.25' });
    expect(tryParseRange('1730.25', 'TM')).toBeUndefined(); // a fraction needs seconds (PS3.5 §6.2)
    expect(tryParseRange('2400', 'TM')).toBeUndefined();
  });
});

describe('isQueryUid', () => {
  it('accepts dotted numeric UIDs and rejects leading zeros, wildcards and overlong values', () => {
    expect(isQueryUid('1.2.840.10008.1.2')).toBe(true);
    expect(isQueryUid('1.02.3')).toBe(false);
    expect(isQueryUid('1.2.*')).toBe(false);
    expect(isQueryUid(`1.${'1'.repeat(63)}`)).toBe(false);
  });
});
