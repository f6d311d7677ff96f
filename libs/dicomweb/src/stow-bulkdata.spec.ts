import { DEFAULT_PARSE_LIMITS, DicomError, TransferSyntax } from '@delineo/dicom';
import { checkJsonBounds, jsonBoundsFor } from './json-bounds';
import { parseStowMetadata, StowBulkData } from './stow-bulkdata';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DicomError ? e.code : `not a DicomError: ${String(e)}`;
  }
  return undefined;
};
const BASE = 'http://gw.example:8080/dicomweb/studies';
const octet = (location: string) => ({ 'content-type': 'application/octet-stream', 'content-location': location });

describe('checkJsonBounds', () => {
  const bounds = { maxDepth: 4, maxValues: 10 };

  it('refuses nesting beyond the bound before anything is parsed', () => {
    expect(codeOf(() => checkJsonBounds(Buffer.from('[[[[]]]]'), bounds))).toBeUndefined();
    expect(codeOf(() => checkJsonBounds(Buffer.from('[[[[[]]]]]'), bounds))).toBe('dicom/too-deep');
    // A bomb of a million levels is refused after the first few bytes.
    expect(codeOf(() => checkJsonBounds(Buffer.alloc(1_000_000, '['), bounds))).toBe('dicom/too-deep');
  });

  it('counts containers and commas: a flood of empty objects is refused', () => {
    expect(codeOf(() => checkJsonBounds(Buffer.from(`[${Array(10).fill(0).join(',')}]`), bounds))).toBeUndefined();
    expect(codeOf(() => checkJsonBounds(Buffer.from(`[${Array(6).fill('{}').join(',')}]`), bounds))).toBe(
      'dicom/too-many-elements',
    );
  });

  it('does not count brackets, commas or escaped quotes inside strings', () => {
    const text = JSON.stringify(['[[[[[[,,,,,,,,,,,,,{{{{"\\"]]]]']);
    expect(codeOf(() => checkJsonBounds(Buffer.from(text), bounds))).toBeUndefined();
  });

  it('derives JSON bounds from the parse limits', () => {
    expect(jsonBoundsFor({ maxDepth: 2, maxElements: 100, maxItems: 10 })).toEqual({ maxDepth: 11, maxValues: 410 });
  });
});

describe('parseStowMetadata', () => {
  it('returns the array of instances', () => {
    expect(
      parseStowMetadata(Buffer.from('[{"00080060":{"vr":"CS","Value":["CT"]}},{}]'), DEFAULT_PARSE_LIMITS),
    ).toHaveLength(2);
  });

  it.each([
    ['not JSON', '[{"a":', 'dicom/malformed'],
    ['not an array', '{}', 'dicom/malformed'],
    ['nested too deep', '['.repeat(500) + ']'.repeat(500), 'dicom/too-deep'],
  ])('refuses metadata that is %s', (_name, text, code) => {
    expect(codeOf(() => parseStowMetadata(Buffer.from(text), DEFAULT_PARSE_LIMITS))).toBe(code);
  });

  it('refuses a flood of values against maxElements before JSON.parse', () => {
    const limits = { maxDepth: 8, maxElements: 1000, maxItems: 100 };
    const flood = Buffer.from(`[${Array(5000).fill('{}').join(',')}]`);
    expect(codeOf(() => parseStowMetadata(flood, limits))).toBe('dicom/too-many-elements');
  });
});

describe('StowBulkData', () => {
  it('matches a BulkDataURI to a Content-Location, relative or absolute', () => {
    const bulk = new StowBulkData(BASE, 10);
    bulk.add(octet('http://gw.example:8080/dicomweb/bulk/1'), Buffer.from([1, 2]));
    bulk.add(octet('px'), Buffer.from([3, 4]));
    const { resolve, transferSyntaxUid } = bulk.forInstance();
    expect(resolve('bulk/1', 0)).toEqual({ value: Buffer.from([1, 2]) });
    expect(resolve('http://gw.example:8080/dicomweb/px', 0)).toEqual({ value: Buffer.from([3, 4]) });
    expect(resolve('nope', 0)).toBeUndefined();
    expect(transferSyntaxUid()).toBe(TransferSyntax.ExplicitVRLittleEndian);
  });

  it('takes compressed frames in order, in the transfer syntax the part names or its media type default', () => {
    const bulk = new StowBulkData(BASE, 10);
    const jpeg = 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50';
    bulk.add({ 'content-type': jpeg, 'content-location': 'f' }, Buffer.from([1]));
    bulk.add({ 'content-type': jpeg, 'content-location': 'f' }, Buffer.from([2]));
    bulk.add({ 'content-type': 'image/jp2', 'content-location': 'j' }, Buffer.from([3]));
    const a = bulk.forInstance();
    expect(a.resolve('f', 0)).toEqual({ frames: [Buffer.from([1]), Buffer.from([2])] });
    expect(a.transferSyntaxUid()).toBe(TransferSyntax.JPEGBaseline8Bit);
    const b = bulk.forInstance();
    expect(b.resolve('j', 0)).toEqual({ frames: [Buffer.from([3])] });
    expect(b.transferSyntaxUid()).toBe(TransferSyntax.JPEG2000Lossless); // PS3.18 Table 8.7.3-5 default
  });

  it('refuses what it cannot store: other syntaxes, video, mixed frames, split uncompressed data', () => {
    const bulk = new StowBulkData(BASE, 10);
    bulk.add(
      { 'content-type': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.2', 'content-location': 'be' },
      Buffer.alloc(2),
    );
    bulk.add({ 'content-type': 'video/mp4', 'content-location': 'v' }, Buffer.alloc(2));
    bulk.add({ 'content-type': 'image/jpeg', 'content-location': 'm' }, Buffer.alloc(2));
    bulk.add({ 'content-type': 'image/jls', 'content-location': 'm' }, Buffer.alloc(2));
    bulk.add(octet('twice'), Buffer.alloc(2));
    bulk.add(octet('twice'), Buffer.alloc(2));
    const { resolve } = bulk.forInstance();
    expect(codeOf(() => resolve('be', 0))).toBe('dicom/unsupported-transfer-syntax');
    expect(codeOf(() => resolve('v', 0))).toBe('dicom/unsupported-transfer-syntax');
    expect(codeOf(() => resolve('m', 0))).toBe('dicom/malformed');
    expect(codeOf(() => resolve('twice', 0))).toBe('dicom/malformed');
  });

  it('keeps other media types (an encapsulated PDF) as the value bytes, and drops parts without Content-Location', () => {
    const bulk = new StowBulkData(BASE, 10);
    bulk.add({ 'content-type': 'application/pdf', 'content-location': 'doc' }, Buffer.from('%PDF'));
    bulk.add({ 'content-type': 'application/octet-stream' }, Buffer.alloc(8));
    expect(bulk.size).toBe(1);
    expect(bulk.forInstance().resolve('doc', 0x00420011)).toEqual({ value: Buffer.from('%PDF') });
  });

  it('refuses more bulk data parts than it may hold', () => {
    const bulk = new StowBulkData(BASE, 2);
    bulk.add(octet('a'), Buffer.alloc(0));
    bulk.add(octet('b'), Buffer.alloc(0));
    expect(codeOf(() => bulk.add(octet('c'), Buffer.alloc(0)))).toBe('dicom/too-many-items');
  });
});
