import { isDicomJsonPart, isDicomPart, parseContentType, parseStowContentType } from './content-type';
import { DicomWebError } from './errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DicomWebError ? e.code : 'other';
  }
  return undefined;
}

describe('parseContentType', () => {
  it('parses quoted and unquoted parameters with case-insensitive names', () => {
    expect(parseContentType('Multipart/Related; Type="application/dicom"; BOUNDARY=abc:def/1')).toEqual({
      mediaType: 'multipart/related',
      params: { type: 'application/dicom', boundary: 'abc:def/1' },
    });
  });

  it('unescapes quoted strings containing separators', () => {
    expect(parseContentType('application/x; name="a;b,c \\"d\\""; z=1').params).toEqual({ name: 'a;b,c "d"', z: '1' });
    expect(parseContentType('multipart/related; boundary="a b,c"').params.boundary).toBe('a b,c');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not a media type', 'dicom'],
    ['a multipart type without boundary', 'multipart/related; type="application/dicom"'],
    ['a boundary longer than 70 characters', `multipart/related; boundary=${'a'.repeat(71)}`],
    ['a boundary ending in a space', 'multipart/related; boundary="abc "'],
    ['a parameter without a value', 'multipart/related; boundary'],
  ])('rejects a header that is %s', (_label, header) => {
    expect(codeOf(() => parseContentType(header))).toBe('dicomweb/bad-content-type');
  });

  it('accepts a boundary of exactly 70 characters', () => {
    expect(parseContentType(`multipart/related; boundary=${'a'.repeat(70)}`).params.boundary).toHaveLength(70);
  });
});

describe('parseStowContentType', () => {
  it('accepts multipart/related with type application/dicom, or with no type', () => {
    expect(parseStowContentType('multipart/related; type="Application/DICOM"; boundary=x')).toEqual({
      boundary: 'x',
      type: 'application/dicom',
    });
    expect(parseStowContentType('multipart/related; boundary=x').boundary).toBe('x');
  });

  it('accepts type application/dicom+json: metadata and bulk data (PS3.18 §10.5.1.4)', () => {
    expect(parseStowContentType('multipart/related; type="application/dicom+json"; boundary=x')).toEqual({
      boundary: 'x',
      type: 'application/dicom+json',
    });
  });

  it('refuses XML metadata by name', () => {
    const header = 'multipart/related; type="application/dicom+xml"; boundary=x';
    expect(() => parseStowContentType(header)).toThrow(/application\/dicom\+xml is not accepted/);
  });

  it.each([
    'multipart/related; type="application/dicom+xml"; boundary=x',
    'multipart/related; type="application/octet-stream"; boundary=x',
    'multipart/mixed; type="application/dicom"; boundary=x',
    'application/dicom',
  ])('rejects %s (PS3.18 §10.5.1.1)', (header) => {
    expect(codeOf(() => parseStowContentType(header))).toBe('dicomweb/bad-content-type');
  });
});

describe('isDicomPart', () => {
  it('accepts application/dicom with parameters, and a part with no Content-Type', () => {
    expect(isDicomPart({ 'content-type': 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1' })).toBe(true);
    expect(isDicomPart({})).toBe(true);
  });

  it('rejects other part types', () => {
    expect(isDicomPart({ 'content-type': 'application/dicom+json' })).toBe(false);
    expect(isDicomPart({ 'content-type': 'image/jpeg' })).toBe(false);
  });
});

describe('isDicomJsonPart', () => {
  it('accepts application/dicom+json and an unlabelled part, nothing else', () => {
    expect(isDicomJsonPart({ 'content-type': 'application/dicom+json; charset=utf-8' })).toBe(true);
    expect(isDicomJsonPart({})).toBe(true);
    expect(isDicomJsonPart({ 'content-type': 'application/dicom' })).toBe(false);
    expect(isDicomJsonPart({ 'content-type': 'application/json' })).toBe(false);
  });
});
