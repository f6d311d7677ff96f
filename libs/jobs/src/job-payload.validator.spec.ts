import {
  JobContractError,
  deliverResultJobId,
  parseSegmentSeriesJobId,
  segmentSeriesJobId,
  validateJobPayload,
  type JobName,
} from './index';

const valid = {
  seriesId: '2.25.1234',
  generation: '0',
  modelId: 'ct-body',
  correlationId: 'c0ffee-1',
  input: 'fs:work/2.25.1234/0/volume.nii.gz',
  output: 'https://s3.example:9000/bucket/work/2.25.1234/0/labels.nii.gz?X-Amz-Signature=ab12',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as JobContractError).code;
  }
  return undefined;
}

describe('validateJobPayload', () => {
  it('accepts an id-only segment-series payload and returns a copy', () => {
    const out = validateJobPayload('segment-series', valid);
    expect(out).toEqual(valid);
    expect(out).not.toBe(valid);
  });

  it('accepts a deliver-result payload', () => {
    const p = { seriesId: 's1', destination: 'pacs', correlationId: 'c1' };
    expect(validateJobPayload('deliver-result', p)).toEqual(p);
  });

  it('rejects extra keys so PHI cannot ride along', () => {
    expect(() => validateJobPayload('segment-series', { ...valid, PatientName: 'DOE^JOHN' })).toThrow(
      /unexpected key "PatientName"/,
    );
  });

  it('does not echo offending values in the error message', () => {
    try {
      validateJobPayload('segment-series', { ...valid, modelId: 'DOE^JOHN 19700101' });
      fail('expected throw');
    } catch (e) {
      expect((e as Error).message).not.toContain('DOE');
    }
  });

  it.each([
    ['missing key', { seriesId: 's', correlationId: 'c' }],
    ['non-string id', { ...valid, seriesId: 42 }],
    ['empty id', { ...valid, seriesId: '' }],
    ['id with spaces', { ...valid, seriesId: 'a b' }],
    ['null payload', null],
    ['array payload', []],
  ])('rejects %s', (_label, payload) => {
    expect(codeOf(() => validateJobPayload('segment-series', payload))).toBe('jobs/invalid-payload');
  });

  it.each([
    ['a path outside work/', 'fs:objects/2.25.1/0/x.dcm'],
    ['a traversal', 'fs:work/../0/volume.nii.gz'],
    ['a file: URL', 'file:///etc/passwd'],
    ['a URL with spaces', 'https://h/work/DOE JOHN'],
  ])('rejects %s as a locator', (_label, input) => {
    expect(codeOf(() => validateJobPayload('segment-series', { ...valid, input }))).toBe('jobs/invalid-payload');
  });

  it('rejects an unknown job name', () => {
    expect(codeOf(() => validateJobPayload('nope' as JobName, valid))).toBe('jobs/unknown-name');
  });
});

describe('job ids', () => {
  it('parse back from a segment-series id, and nothing else', () => {
    expect(parseSegmentSeriesJobId(segmentSeriesJobId('2.25.9', 3))).toEqual({ seriesId: '2.25.9', generation: 3 });
    expect(parseSegmentSeriesJobId(deliverResultJobId('s1', 'pacs', 1))).toBeUndefined();
  });

  it('are deterministic per series and generation', () => {
    expect(segmentSeriesJobId('s1')).toBe('segment-series:s1:0');
    expect(segmentSeriesJobId('s1', 2)).toBe('segment-series:s1:2');
    expect(deliverResultJobId('s1', 'pacs', 1)).toBe('deliver-result:s1@pacs:1');
  });

  it('refuse ids containing the separator or a bad generation', () => {
    expect(codeOf(() => segmentSeriesJobId('a:b'))).toBe('jobs/invalid-id');
    expect(codeOf(() => segmentSeriesJobId('s1', -1))).toBe('jobs/invalid-id');
    expect(codeOf(() => deliverResultJobId('s1', 'x y'))).toBe('jobs/invalid-id');
  });
});
