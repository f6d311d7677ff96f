import { Tag } from '@delineo/dicom';
import { DicomWebError } from './errors';
import { defaultReturnTags, matchableTags } from './qido-attributes';
import { parseQidoQuery, returnAttributes } from './qido-query';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DicomWebError && e.code === 'dicomweb/bad-query') return e.problems;
    throw e;
  }
  throw new Error('expected dicomweb/bad-query');
}

describe('parseQidoQuery', () => {
  it('parses single, wildcard, range and UID-list matches by keyword or tag', () => {
    const q = parseQidoQuery('studies', {
      PatientID: 'P1',
      '00100010': 'Doe^J*',
      StudyDate: '20240101-20240131',
      StudyInstanceUID: '1.2.3,1.2.4\\1.2.5',
    });
    expect(q.matches).toEqual([
      { tag: Tag.PatientID, keyword: 'PatientID', vr: 'LO', kind: 'single', value: 'P1' },
      { tag: Tag.PatientName, keyword: 'PatientName', vr: 'PN', kind: 'wildcard', value: 'Doe^J*', like: 'Doe^J%' },
      { tag: Tag.StudyDate, keyword: 'StudyDate', vr: 'DA', kind: 'range', from: '20240101', to: '20240131' },
      {
        tag: Tag.StudyInstanceUID,
        keyword: 'StudyInstanceUID',
        vr: 'UI',
        kind: 'uid-list',
        values: ['1.2.3', '1.2.4', '1.2.5'],
      },
    ]);
    expect(q).toMatchObject({ offset: 0, fuzzymatching: false, includeFields: [], ignored: [] });
    expect(q.limit).toBeUndefined();
  });

  it('parses open date ranges and time ranges', () => {
    const q = parseQidoQuery('studies', { StudyDate: '-20240131', StudyTime: '0800-' });
    expect(q.matches).toEqual([
      expect.objectContaining({ kind: 'range', to: '20240131' }),
      expect.objectContaining({ kind: 'range', from: '0800' }),
    ]);
    expect(q.matches[0]).not.toHaveProperty('from');
  });

  it('turns comma or backslash separated values into a list, and refuses a repeated key', () => {
    expect(parseQidoQuery('studies', { ModalitiesInStudy: 'CT,MR' }).matches[0]).toMatchObject({
      kind: 'list',
      values: ['CT', 'MR'],
    });
    expect(parseQidoQuery('series', { Modality: 'CT,SEG\\MR' }).matches[0]).toMatchObject({
      kind: 'list',
      values: ['CT', 'SEG', 'MR'],
    });
    expect(problemsOf(() => parseQidoQuery('series', { Modality: ['CT', 'MR'] }))).toEqual([
      'Modality: given more than once',
    ]);
    expect(problemsOf(() => parseQidoQuery('series', { Modality: 'CT', '00080060': 'MR' }))).toEqual([
      '00080060: given more than once',
    ]);
    expect(parseQidoQuery('series', { Modality: 'C?' }).matches[0]).toMatchObject({ kind: 'wildcard', like: 'C_' });
  });

  it('treats an empty value or a lone * as universal matching and returns that attribute', () => {
    const q = parseQidoQuery('studies', { PatientID: '', AccessionNumber: '*' });
    expect(q.matches).toEqual([]);
    expect(q.includeFields).toEqual([Tag.PatientID, Tag.AccessionNumber]);
  });

  it('accepts study attributes in series and instance queries but not the reverse', () => {
    expect(
      parseQidoQuery('instances', { StudyInstanceUID: '1.2', SeriesInstanceUID: '1.3', SOPInstanceUID: '1.4' }).matches,
    ).toHaveLength(3);
    expect(parseQidoQuery('studies', { SOPInstanceUID: '1.4' })).toMatchObject({
      matches: [],
      ignored: [Tag.SOPInstanceUID],
    });
  });

  it('reports valid attributes it cannot match on as ignored', () => {
    expect(parseQidoQuery('studies', { Manufacturer: 'X', '00091010': 'y' }).ignored).toEqual([
      Tag.Manufacturer,
      0x00091010,
    ]);
  });

  it('parses includefield lists, repeated or comma-separated, by keyword or tag', () => {
    const q = parseQidoQuery('series', { includefield: ['BodyPartExamined,00180050', 'Manufacturer'] });
    expect(q.includeFields).toEqual([Tag.BodyPartExamined, Tag.SliceThickness, Tag.Manufacturer]);
    expect(parseQidoQuery('series', { includefield: ['Manufacturer', 'all'] }).includeFields).toBe('all');
  });

  it('parses limit, offset and fuzzymatching', () => {
    expect(parseQidoQuery('studies', { limit: '25', offset: '50', fuzzymatching: 'true' })).toMatchObject({
      limit: 25,
      offset: 50,
      fuzzymatching: true,
    });
    expect(parseQidoQuery('studies', { limit: '0' }).limit).toBe(0);
  });

  it('treats a value of only separators as universal matching, and refuses nested parameter objects', () => {
    // Both once answered 500 (found by the hostile-query flood in qido-conformance.e2e-spec.ts).
    expect(parseQidoQuery('studies', { StudyID: ',,,' }).matches).toEqual([]);
    expect(problemsOf(() => parseQidoQuery('studies', { PatientID: { a: 'b' } as never }))).toEqual([
      'PatientID: expected a plain value',
    ]);
  });

  it('collects every problem at once and never echoes values', () => {
    const problems = problemsOf(() =>
      parseQidoQuery('studies', {
        limit: '-1',
        offset: '1.5',
        fuzzymatching: 'yes',
        Bogus: 'x',
        StudyDate: '2024-01-01',
        StudyInstanceUID: '1.2.*',
        includefield: 'NotAKeyword',
        PatientName: `SECRET${'N'.repeat(200)}`,
        'ReferencedSeriesSequence.SeriesInstanceUID': '1.2',
      }),
    );
    expect(problems).toHaveLength(9);
    expect(problems.join(' ')).not.toMatch(/SECRET|2024-01-01/);
    expect(problems).toEqual(
      expect.arrayContaining(['limit: expected a non-negative integer', 'unknown query parameter Bogus']),
    );
  });

  it.each([
    [{ SeriesNumber: 'abc' }, 'SeriesNumber: expected a number'],
    [{ StudyDate: '20241301' }, 'StudyDate: not a valid DA value or range'],
    [{ StudyDate: '-' }, 'StudyDate: not a valid DA value or range'],
    [{ StudyDate: ['20240101', '20240102'] }, 'StudyDate: given more than once'],
    [{ StudyDate: '20240201-20240101' }, 'StudyDate: range ends before it starts'],
    [{ SeriesNumber: '1*' }, 'SeriesNumber: expected a number'],
    [{ ModalitiesInStudy: 'C*' }, 'ModalitiesInStudy: wildcard matching is not supported on this attribute'],
    [{ PatientID: 'P'.repeat(65) }, 'PatientID: a value is longer than 64 characters (PS3.5 LO)'],
    [{ Modality: Array.from({ length: 101 }, (_, i) => `M${i}`).join(',') }, 'Modality: more than 100 values'],
    [
      { 'RequestAttributesSequence.Modality': 'CT' },
      'RequestAttributesSequence.Modality: not a sequence matching key of this sequence',
    ],
    [{ limit: ['1', '2'] }, 'limit: expected exactly one value'],
    [{ limit: '99999999999' }, 'limit: expected a non-negative integer'],
    [{ Modality: 'CT,M*' }, 'Modality: wildcards are not allowed in a list'],
  ])('rejects %j', (query, problem) => {
    expect(problemsOf(() => parseQidoQuery('series', query))).toEqual([problem]);
  });
});

describe('returnAttributes', () => {
  it('unions the level defaults, includefield and the matching keys', () => {
    const q = parseQidoQuery('instances', { includefield: 'Manufacturer', SeriesInstanceUID: '1.2' });
    const tags = returnAttributes(q) as number[];
    expect(tags).toEqual(
      expect.arrayContaining([...defaultReturnTags('instances'), Tag.Manufacturer, Tag.SeriesInstanceUID]),
    );
    expect(new Set(tags).size).toBe(tags.length);
    expect(returnAttributes(parseQidoQuery('instances', { includefield: 'all' }))).toBe('all');
  });
});

describe('QIDO attribute sets', () => {
  it('resolve every keyword in the dictionary, with the PS3.18 study defaults present', () => {
    expect(defaultReturnTags('studies')).toEqual(
      expect.arrayContaining([
        Tag.StudyDate,
        Tag.PatientName,
        Tag.StudyInstanceUID,
        0x00201206,
        0x00201208,
        0x00081190,
      ]),
    );
    expect(defaultReturnTags('series')).toEqual(expect.arrayContaining([Tag.Modality, Tag.SeriesNumber, 0x00201209]));
    expect(defaultReturnTags('instances')).toEqual(
      expect.arrayContaining([Tag.SOPClassUID, Tag.Rows, Tag.NumberOfFrames]),
    );
    expect(matchableTags('instances').has(Tag.PatientID)).toBe(true);
    expect(matchableTags('studies').has(Tag.SOPInstanceUID)).toBe(false);
  });
});
