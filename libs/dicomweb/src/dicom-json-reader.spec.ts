import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Dataset,
  DEFAULT_PARSE_LIMITS,
  DicomError,
  parsePart10,
  Tag,
  TransferSyntax,
  writePart10,
  type DicomElement,
} from '@delineo/dicom';
import { fromDicomJson, sentUidsOf, type DicomJsonReadOptions } from './dicom-json-reader';
import { toDicomJson } from './dicom-json.mapper';

const CT_SMALL = resolve(__dirname, '../../../../shared/data/pydicom-debian/CT_small.dcm');
const opts: DicomJsonReadOptions = { limits: DEFAULT_PARSE_LIMITS };
const read = (json: unknown, o: DicomJsonReadOptions = opts): Dataset => fromDicomJson(json, o);
const one = (tag: string, attr: unknown, o?: DicomJsonReadOptions): DicomElement =>
  read({ [tag]: attr }, o).get(parseInt(tag, 16))!;
const bytes = (tag: string, attr: unknown): string => one(tag, attr).value!.toString('latin1');
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DicomError ? e.code : `not a DicomError: ${String(e)}`;
  }
  return undefined;
};

/** Two datasets hold the same elements; DS/IS compared as numbers (JSON carries them as Numbers). */
function expectSameDataset(actual: Dataset, expected: Dataset): void {
  expect(actual.tags().sort()).toEqual(expected.tags().sort());
  for (const e of expected.sorted()) {
    const a = actual.get(e.tag)!;
    expect([e.tag, a.vr]).toEqual([e.tag, e.vr]);
    if (e.items) {
      expect(a.items).toHaveLength(e.items.length);
      e.items.forEach((item, i) => expectSameDataset(a.items![i], item));
    } else if (e.vr === 'DS' || e.vr === 'IS') expect(actual.numbers(e.tag)).toEqual(expected.numbers(e.tag));
    else expect([e.tag, actual.strings(e.tag), a.value]).toEqual([e.tag, expected.strings(e.tag), e.value]);
  }
}

describe('fromDicomJson (PS3.18 Annex F.2)', () => {
  it('reads back a real CT written by toDicomJson: every element, sequences, private tags and pixel data', () => {
    const original = parsePart10(readFileSync(CT_SMALL)).dataset;
    const json = JSON.parse(JSON.stringify(toDicomJson(original))) as unknown;
    const ds = read(json);
    expectSameDataset(ds, original);
    // And it is a dataset the Part 10 writer and parser agree on.
    expectSameDataset(
      parsePart10(writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian })).dataset,
      original,
    );
    expect(ds.get(Tag.PixelData)!.value!.equals(original.get(Tag.PixelData)!.value!)).toBe(true);
  });

  it('reads DICOM JSON written by dcmjs, an independent writer, back to the same CT', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dcmjs = require('dcmjs') as { data: { DicomMessage: { readFile(b: ArrayBuffer): { dict: unknown } } } };
    const file = readFileSync(CT_SMALL);
    const { dict } = dcmjs.data.DicomMessage.readFile(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.length),
    );
    // dcmjs keeps binary values as ArrayBuffers and its own _rawValue: DICOM JSON has InlineBinary.
    const text = JSON.stringify(dict, (key, v: { vr?: string; Value?: unknown[] }) => {
      if (key === '_rawValue') return undefined;
      if (v?.Value?.[0] instanceof ArrayBuffer)
        return { vr: v.vr, InlineBinary: Buffer.from(v.Value[0]).toString('base64') };
      return v;
    });
    const ds = read(JSON.parse(text));
    const original = parsePart10(file).dataset;
    // dcmjs relabels text it has decoded as ISO_IR 192; ASCII text is the same bytes either way.
    expect(ds.string(Tag.SpecificCharacterSet)).toBe('ISO_IR 192');
    ds.set(original.get(Tag.SpecificCharacterSet)!);
    expectSameDataset(ds, original);
  });

  it.each([
    [
      'PN with all three groups',
      '00100010',
      { vr: 'PN', Value: [{ Alphabetic: 'Yamada^Tarou', Ideographic: 'I', Phonetic: 'P' }] },
      'Yamada^Tarou=I=P',
    ],
    ['PN with a phonetic group only', '00100010', { vr: 'PN', Value: [{ Phonetic: 'P' }] }, '==P '],
    [
      'PN multi-valued with an empty value',
      '00081070',
      { vr: 'PN', Value: [{ Alphabetic: 'A^B' }, null, 'C^D'] },
      'A^B\\\\C^D',
    ],
    ['DS numbers, shortest form', '00280030', { vr: 'DS', Value: [0.703125, -125, 1e-7] }, '0.703125\\-125\\1e-7'],
    ['DS of 17 significant digits fits 16 bytes', '00180050', { vr: 'DS', Value: [0.1 + 0.2] }, '0.3 '],
    ['DS sent as a string', '00180050', { vr: 'DS', Value: [' 2.50 '] }, '2.50'],
    ['IS numbers', '00200013', { vr: 'IS', Value: [-12, 2147483647] }, '-12\\2147483647'],
    ['CS multi-valued with a null', '00080008', { vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] }, 'ORIGINAL\\\\AXIAL '],
    ['UI padded with NUL', '00080016', { vr: 'UI', Value: ['1.2.3'] }, '1.2.3\0'],
    ['LT keeps a backslash as data', '00204000', { vr: 'LT', Value: ['a\\b'] }, 'a\\b '],
    ['empty attribute (no Value)', '00100030', { vr: 'DA' }, ''],
  ])('%s', (_name, tag, attr, expected) => {
    expect(bytes(tag, attr)).toBe(expected);
  });

  it.each([
    ['US', [0, 65535], 4, '0000ffff'],
    ['SS', [-1, 2], 4, 'ffff0200'],
    ['UL', [4294967295], 4, 'ffffffff'],
    ['SL', [-2], 4, 'feffffff'],
    ['FL', [1.5], 4, '0000c03f'],
    ['FD', [-2], 8, '00000000000000c0'],
    ['SV', ['-9223372036854775808'], 8, '0000000000000080'],
    ['UV', [18446744073709551615n.toString(), 1], 16, 'ffffffffffffffff0100000000000000'],
    ['AT', ['0020000D', '7fe00010'], 8, '20000d00e07f1000'],
  ])('writes %s values little-endian', (vr, values, length, hex) => {
    const el = one('00091001', { vr, Value: values });
    expect(el.value).toHaveLength(length);
    expect(el.value!.toString('hex')).toBe(hex);
  });

  it('decodes InlineBinary for OB, OW, OF, OD, OL, OV and UN', () => {
    for (const vr of ['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']) {
      expect(one('00091010', { vr, InlineBinary: 'AAECAwQFBgc=' }).value).toEqual(
        Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]),
      );
    }
  });

  it('reads nested sequences and empty items, inheriting nothing it was not given', () => {
    const ds = read({
      '00081115': {
        vr: 'SQ',
        Value: [{ '00081150': { vr: 'UI', Value: ['1.2'] }, '00081111': { vr: 'SQ', Value: [{}] } }, {}],
      },
      '00400275': { vr: 'SQ' },
    });
    const [first, second] = ds.get(0x00081115)!.items!;
    expect(first.string(0x00081150)).toBe('1.2');
    expect(first.get(0x00081111)!.items).toEqual([new Dataset()]);
    expect(second.size).toBe(0);
    expect(ds.get(0x00400275)!.items).toEqual([]);
  });

  it('labels non-ASCII text as UTF-8 (ISO_IR 192), in the items that declare a character set too', () => {
    const ds = read({
      '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller^Zoë' }] },
      '00400275': { vr: 'SQ', Value: [{ '00080005': { vr: 'CS', Value: ['ISO_IR 100'] } }] },
    });
    expect(ds.string(Tag.SpecificCharacterSet)).toBe('ISO_IR 192');
    expect(ds.get(0x00400275)!.items![0].string(Tag.SpecificCharacterSet)).toBe('ISO_IR 192');
    expect(ds.get(Tag.PatientName)!.value!.toString('utf8').trim()).toBe('Müller^Zoë');
    // ASCII text keeps the sender's label: the bytes are the same in that character set.
    expect(
      read({ '00080005': { vr: 'CS', Value: ['ISO_IR 100'] }, '00100010': { vr: 'PN', Value: ['A^B'] } }).string(
        Tag.SpecificCharacterSet,
      ),
    ).toBe('ISO_IR 100');
  });

  it('drops file meta (group 0002) and group lengths, which the Part 10 writer makes afresh', () => {
    const ds = read({
      '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.4.50'] },
      '00080000': { vr: 'UL', Value: [4] },
      '00080060': { vr: 'CS', Value: ['CT'] },
    });
    expect(ds.tags()).toEqual([Tag.Modality]);
  });

  it('takes values from the bulk data resolver: value bytes, or encapsulated frames for Pixel Data', () => {
    const frames = [Buffer.from([1, 2, 3]), Buffer.from([4])];
    const seen: [string, number, boolean][] = [];
    const o: DicomJsonReadOptions = {
      ...opts,
      resolveBulkData: (uri, tag, top) => {
        seen.push([uri, tag, top]);
        return uri === 'px' ? { frames } : { value: Buffer.from([9, 9]) };
      },
    };
    const ds = read({ '7FE00010': { vr: 'OB', BulkDataURI: 'px' }, '00281201': { vr: 'OW', BulkDataURI: 'lut' } }, o);
    expect(ds.get(Tag.PixelData)).toEqual({ tag: Tag.PixelData, vr: 'OB', fragments: [Buffer.alloc(0), ...frames] });
    expect(ds.get(0x00281201)!.value).toEqual(Buffer.from([9, 9]));
    expect(seen).toEqual([
      ['px', Tag.PixelData, true],
      ['lut', 0x00281201, true],
    ]);
    expect(codeOf(() => read({ '00091010': { vr: 'OB', BulkDataURI: 'px' } }, o))).toBe('dicom/malformed');
  });

  it.each([
    ['not an object', [], 'dicom/malformed'],
    ['a key that is not 8 hex digits', { '0010,0010': { vr: 'PN' } }, 'dicom/malformed'],
    ['an item tag as attribute', { FFFEE000: { vr: 'UN' } }, 'dicom/malformed'],
    ['no vr', { '00100010': { Value: ['A'] } }, 'dicom/malformed'],
    ['an unknown vr', { '00100010': { vr: 'XX' } }, 'dicom/malformed'],
    ['Value and InlineBinary', { '00091010': { vr: 'OB', Value: [], InlineBinary: '' } }, 'dicom/malformed'],
    ['Value on a binary VR', { '00091010': { vr: 'OB', Value: [1] } }, 'dicom/malformed'],
    ['InlineBinary that is not base64', { '00091010': { vr: 'OB', InlineBinary: 'ab$=' } }, 'dicom/malformed'],
    ['OW of an odd length', { '7FE00010': { vr: 'OW', InlineBinary: 'AAEC' } }, 'dicom/malformed'],
    ['US out of range', { '00280010': { vr: 'US', Value: [65536] } }, 'dicom/malformed'],
    ['US not an integer', { '00280010': { vr: 'US', Value: [1.5] } }, 'dicom/malformed'],
    ['US null', { '00280010': { vr: 'US', Value: [null] } }, 'dicom/malformed'],
    ['IS not an integer', { '00200013': { vr: 'IS', Value: [1.5] } }, 'dicom/malformed'],
    ['a number for a string VR', { '00100020': { vr: 'LO', Value: [12] } }, 'dicom/malformed'],
    ['AT not hex', { '00209165': { vr: 'AT', Value: ['0020000G'] } }, 'dicom/malformed'],
    ['two values of LT', { '00204000': { vr: 'LT', Value: ['a', 'b'] } }, 'dicom/malformed'],
    ['a sequence item that is not an object', { '00081115': { vr: 'SQ', Value: [null] } }, 'dicom/malformed'],
    ['a sequence with InlineBinary', { '00081115': { vr: 'SQ', InlineBinary: '' } }, 'dicom/malformed'],
    [
      'a BulkDataURI the request does not hold',
      { '7FE00010': { vr: 'OW', BulkDataURI: 'missing' } },
      'dicom/malformed',
    ],
  ])('refuses %s', (_name, json, code) => {
    expect(codeOf(() => read(json))).toBe(code);
  });

  it('applies the parse limits as the binary parser does: depth, elements, items', () => {
    const limits = { maxDepth: 2, maxElements: 5, maxItems: 3 };
    const nest = (d: number): Record<string, unknown> =>
      d === 0 ? {} : { '00400275': { vr: 'SQ', Value: [nest(d - 1)] } };
    expect(codeOf(() => read(nest(2), { limits }))).toBeUndefined();
    expect(codeOf(() => read(nest(3), { limits }))).toBe('dicom/too-deep');
    const flat = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`0009${(0x1000 + i).toString(16)}`, { vr: 'SH' }]));
    expect(codeOf(() => read(flat(5), { limits }))).toBeUndefined();
    expect(codeOf(() => read(flat(6), { limits }))).toBe('dicom/too-many-elements');
    const items = (n: number) => ({ '00400275': { vr: 'SQ', Value: Array.from({ length: n }, () => ({})) } });
    expect(codeOf(() => read(items(3), { limits }))).toBeUndefined();
    expect(codeOf(() => read(items(4), { limits }))).toBe('dicom/too-many-items');
  });
});

describe('sentUidsOf', () => {
  it('reads the SOP Class and Instance UIDs in clear, and nothing that is not a UID', () => {
    const json = {
      '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
      '00080018': { vr: 'UI', Value: ['1.2.3'] },
    };
    expect(sentUidsOf(json)).toEqual({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3' });
    expect(sentUidsOf({ '00080018': { vr: 'UI', Value: [{ evil: 1 }] } })).toEqual({});
    expect(sentUidsOf(null)).toEqual({});
  });
});
