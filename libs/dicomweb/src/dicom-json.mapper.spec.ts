import { Dataset, Tag } from '@delineo/dicom';
import { dicomJsonAttribute } from './dicom-json-attribute';
import { toDicomJson } from './dicom-json.mapper';

function bytes(vr: 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD', values: number[]): Buffer {
  const size = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 }[vr];
  const b = Buffer.alloc(size * values.length);
  values.forEach((v, i) => {
    const o = i * size;
    if (vr === 'US') b.writeUInt16LE(v, o);
    else if (vr === 'SS') b.writeInt16LE(v, o);
    else if (vr === 'UL') b.writeUInt32LE(v, o);
    else if (vr === 'SL') b.writeInt32LE(v, o);
    else if (vr === 'FL') b.writeFloatLE(v, o);
    else b.writeDoubleLE(v, o);
  });
  return b;
}

describe('toDicomJson', () => {
  it('writes strings as trimmed values, empty components as null, and empty attributes without Value', () => {
    const ds = new Dataset();
    ds.setString(Tag.Modality, 'CS', 'CT');
    ds.setString(Tag.ImageType, 'CS', ['ORIGINAL', '', 'AXIAL ']);
    ds.setString(Tag.StudyInstanceUID, 'UI', '1.2.3');
    ds.setString(Tag.StudyDate, 'DA', '20240102');
    ds.set({ tag: Tag.AccessionNumber, vr: 'SH', value: Buffer.alloc(0) });
    expect(toDicomJson(ds)).toEqual({
      '00080008': { vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] },
      '00080020': { vr: 'DA', Value: ['20240102'] },
      '00080050': { vr: 'SH' },
      '00080060': { vr: 'CS', Value: ['CT'] },
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    });
  });

  it('keeps backslashes and leading spaces in single-valued text', () => {
    const ds = new Dataset();
    ds.setString(0x00204000, 'LT', '  a\\b  ');
    expect(toDicomJson(ds)['00204000']).toEqual({ vr: 'LT', Value: ['  a\\b'] });
  });

  it('splits person names into component groups', () => {
    const ds = new Dataset();
    ds.setString(Tag.PatientName, 'PN', ['Yamada^Tarou=山田^太郎=やまだ^たろう', 'Doe^J', '']);
    ds.setString(Tag.ReferringPhysicianName, 'PN', '=Ideo');
    const json = toDicomJson(ds);
    expect(json['00100010'].Value).toEqual([
      { Alphabetic: 'Yamada^Tarou', Ideographic: expect.any(String), Phonetic: expect.any(String) },
      { Alphabetic: 'Doe^J' },
      null,
    ]);
    expect(json['00080090'].Value).toEqual([{ Ideographic: 'Ideo' }]);
  });

  it('decodes UTF-8 text when Specific Character Set is ISO_IR 192, and items inherit it', () => {
    const ds = new Dataset();
    ds.setString(Tag.SpecificCharacterSet, 'CS', 'ISO_IR 192');
    ds.set({ tag: Tag.PatientName, vr: 'PN', value: Buffer.from('Müller^Zoë ', 'utf8') });
    const item = new Dataset();
    item.set({ tag: Tag.CodeMeaning, vr: 'LO', value: Buffer.from('Lésion', 'utf8') });
    ds.setSequence(0x00400275, [item]);
    const json = toDicomJson(ds);
    expect(json['00100010'].Value).toEqual([{ Alphabetic: 'Müller^Zoë' }]);
    expect((json['00400275'].Value![0] as Record<string, { Value?: unknown[] }>)['00080104'].Value).toEqual(['Lésion']);
  });

  it('decodes other single-byte character sets too (ISO_IR 144, Cyrillic)', () => {
    const ds = new Dataset();
    ds.setString(Tag.SpecificCharacterSet, 'CS', 'ISO_IR 144');
    ds.set({ tag: Tag.StudyDescription, vr: 'LO', value: Buffer.from([0xbb, 0xee, 0xd1]) }); // Л ю б
    expect(toDicomJson(ds)['00081030'].Value).toEqual(['Люб']);
  });

  it('writes DS and IS as numbers, and unparsable values as null', () => {
    const ds = new Dataset();
    ds.setString(Tag.PixelSpacing, 'DS', ['0.5', '-1.25e1']);
    ds.setString(Tag.SeriesNumber, 'IS', ['12', 'x']);
    const json = toDicomJson(ds);
    expect(json['00280030']).toEqual({ vr: 'DS', Value: [0.5, -12.5] });
    expect(json['00200011']).toEqual({ vr: 'IS', Value: [12, null] });
  });

  it.each([
    ['US', [0, 65535]],
    ['SS', [-32768, 7]],
    ['UL', [4294967295]],
    ['SL', [-2147483648]],
    ['FL', [1.5, -0.25]],
    ['FD', [Math.PI]],
  ] as const)('writes binary %s values as numbers', (vr, values) => {
    const ds = new Dataset();
    ds.set({ tag: 0x00091010, vr, value: bytes(vr, [...values]) });
    expect(toDicomJson(ds)['00091010']).toEqual({ vr, Value: [...values] });
  });

  it('writes SV/UV as numbers when exact and as strings beyond 2^53', () => {
    const b = Buffer.alloc(16);
    b.writeBigInt64LE(-5n, 0);
    b.writeBigInt64LE(2n ** 60n, 8);
    const ds = new Dataset();
    ds.set({ tag: 0x00091011, vr: 'SV', value: b });
    expect(toDicomJson(ds)['00091011'].Value).toEqual([-5, String(2n ** 60n)]);
  });

  it('writes AT values as 8 hex digits', () => {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(0x0010, 0);
    b.writeUInt16LE(0x0010, 2);
    b.writeUInt16LE(0x7fe0, 4);
    b.writeUInt16LE(0x0010, 6);
    const ds = new Dataset();
    ds.set({ tag: 0x00209165, vr: 'AT', value: b });
    expect(toDicomJson(ds)['00209165']).toEqual({ vr: 'AT', Value: ['00100010', '7FE00010'] });
  });

  it('recurses into sequences and omits Value for an empty sequence', () => {
    const item = new Dataset();
    item.setString(Tag.CodeValue, 'SH', '113100');
    const ds = new Dataset();
    ds.setSequence(Tag.DeidentificationMethodCodeSequence, [item, new Dataset()]);
    ds.setSequence(0x00081115, []);
    expect(toDicomJson(ds)).toEqual({
      '00081115': { vr: 'SQ' },
      '00120064': { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['113100'] } }, {}] },
    });
  });

  it('inlines binary values as base64 without a callback', () => {
    const ds = new Dataset();
    ds.set({ tag: Tag.PixelData, vr: 'OW', value: Buffer.from([1, 2, 3, 4]) });
    ds.set({ tag: 0x00091012, vr: 'UN', value: Buffer.alloc(0) });
    expect(toDicomJson(ds)).toEqual({
      '00091012': { vr: 'UN' },
      '7FE00010': { vr: 'OW', InlineBinary: 'AQIDBA==' },
    });
  });

  it('uses BulkDataURI from the callback with the sequence path, for plain and encapsulated values', () => {
    const item = new Dataset();
    item.set({ tag: 0x00420011, vr: 'OB', value: Buffer.from([9, 9]) });
    const ds = new Dataset();
    ds.setSequence(0x00400275, [item]);
    ds.set({ tag: Tag.PixelData, vr: 'OB', fragments: [Buffer.alloc(0), Buffer.from([1, 2])] });
    const calls: [number, number[]][] = [];
    const json = toDicomJson(ds, { bulkDataUri: (tag, path) => (calls.push([tag, path]), `bulk/${tag.toString(16)}`) });
    expect(json['7FE00010']).toEqual({ vr: 'OB', BulkDataURI: 'bulk/7fe00010' });
    expect(calls).toContainEqual([0x00420011, [0x00400275, 0]]);
    expect(toDicomJson(ds)['7FE00010']).toEqual({ vr: 'OB' }); // encapsulated data has no inline form
  });

  it('keeps only includeTags at the top level and drops group lengths', () => {
    const ds = new Dataset();
    ds.setString(Tag.PatientID, 'LO', 'P1');
    ds.setString(Tag.Modality, 'CS', 'MR');
    ds.set({ tag: 0x00080000, vr: 'UL', value: Buffer.alloc(4) });
    expect(Object.keys(toDicomJson(ds, { includeTags: new Set([Tag.Modality, 0x00080000]) }))).toEqual(['00080060']);
  });
});

describe('dicomJsonAttribute', () => {
  it('builds a spreadable attribute, splitting PN strings and omitting an empty Value', () => {
    expect({
      ...dicomJsonAttribute(Tag.PatientName, 'PN', ['A^B']),
      ...dicomJsonAttribute(0x00201206, 'IS', []),
    }).toEqual({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'A^B' }] },
      '00201206': { vr: 'IS' },
    });
  });
});
