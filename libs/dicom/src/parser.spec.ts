import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { Dataset } from './dataset';
import { parseDataset, parsePart10, readPart10Uids } from './parser';
import { Tag } from './tags';
import { TransferSyntax } from './transfer-syntax';
import { encodeDataset, writePart10 } from './writer';

const SHARED = resolve(__dirname, '../../../../shared/data');

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Counts elements recursively, ignoring retired group lengths that the writer drops. */
function count(ds: Dataset): number {
  let n = 0;
  for (const el of ds.sorted()) {
    if ((el.tag & 0xffff) === 0) continue;
    n++;
    for (const item of el.items ?? []) n += count(item);
  }
  return n;
}

function sample(): Dataset {
  const ds = new Dataset();
  ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2');
  ds.setString(Tag.SOPInstanceUID, 'UI', '1.2.3');
  ds.setString(Tag.PatientName, 'PN', 'Doe^John');
  const item = new Dataset();
  item.setString(0x00081155, 'UI', '1.2.3.4');
  ds.setSequence(0x00081140, [item]);
  ds.setUint16(Tag.Rows, 2);
  ds.set({ tag: Tag.PixelData, vr: 'OW', value: Buffer.from([1, 0, 2, 0]) });
  return ds;
}

describe('DICOM parser and writer', () => {
  const files = walk(SHARED).filter((f) => {
    const b = readFileSync(f);
    return b.length > 132 && b.toString('latin1', 128, 132) === 'DICM';
  });

  it('finds the shared real-world corpus', () => {
    expect(files.length).toBeGreaterThan(800);
  });

  it('round-trips every accepted real file without losing an element', () => {
    let roundTripped = 0;
    for (const f of files) {
      const parsed = (() => {
        try {
          return parsePart10(readFileSync(f));
        } catch (e) {
          expect((e as { code: string }).code).toBe('dicom/unsupported-transfer-syntax');
          return undefined;
        }
      })();
      if (!parsed) continue;
      const out = writePart10(parsed.dataset, {
        transferSyntaxUid: parsed.transferSyntaxUid,
        mediaStorageSopClassUid: '1.2',
        mediaStorageSopInstanceUid: '1.2',
      });
      const again = parsePart10(out);
      expect(count(again.dataset)).toBe(count(parsed.dataset));
      roundTripped++;
    }
    expect(roundTripped).toBeGreaterThan(files.length - 5);
  });

  it('keeps pixel data as a view on the input, not a copy', () => {
    const buf = writePart10(sample(), { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
    const px = parsePart10(buf).dataset.get(Tag.PixelData)!.value!;
    expect(px.buffer).toBe(buf.buffer);
  });

  it.each([
    TransferSyntax.ImplicitVRLittleEndian,
    TransferSyntax.ExplicitVRLittleEndian,
    TransferSyntax.DeflatedExplicitVRLittleEndian,
  ])('encodes and parses a dataset with sequences in %s', (ts) => {
    const bytes = Buffer.concat(encodeDataset(sample(), ts));
    const ds = parseDataset(bytes, ts);
    expect(ds.string(Tag.PatientName)).toBe('Doe^John');
    expect(ds.get(0x00081140)!.items![0].string(0x00081155)).toBe('1.2.3.4');
    expect(ds.number(Tag.Rows)).toBe(2);
  });

  it('parses an undefined-length UN element as an implicit-VR sequence (PS3.5 §6.2.2)', () => {
    const item = Buffer.concat(
      encodeDataset(
        (() => {
          const d = new Dataset();
          d.setString(Tag.PatientName, 'PN', 'Hidden^Name');
          return d;
        })(),
        TransferSyntax.ImplicitVRLittleEndian,
      ),
    );
    const head = Buffer.alloc(12);
    head.writeUInt16LE(0x0008, 0);
    head.writeUInt16LE(0x1140, 2);
    head.write('UN', 4, 'latin1');
    head.writeUInt32LE(0xffffffff, 8);
    const itemHead = Buffer.alloc(8);
    itemHead.writeUInt32LE(0xe000fffe, 0);
    itemHead.writeUInt32LE(item.length, 4);
    const end = Buffer.alloc(8);
    end.writeUInt32LE(0xe0ddfffe, 0);
    const ds = parseDataset(Buffer.concat([head, itemHead, item, end]), TransferSyntax.ExplicitVRLittleEndian);
    expect(ds.get(0x00081140)!.vr).toBe('SQ');
    expect(ds.get(0x00081140)!.items![0].string(Tag.PatientName)).toBe('Hidden^Name');
  });

  it('reports truncation, a missing DICM prefix and bad deflate data with codes', () => {
    const good = writePart10(sample(), { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
    expect(() => parsePart10(good.subarray(0, good.length - 3))).toThrow(
      expect.objectContaining({ code: 'dicom/truncated' }),
    );
    expect(() => parsePart10(Buffer.alloc(200))).toThrow(expect.objectContaining({ code: 'dicom/not-part10' }));
    expect(() => parseDataset(Buffer.from('not deflate'), TransferSyntax.DeflatedExplicitVRLittleEndian)).toThrow(
      expect.objectContaining({ code: 'dicom/malformed' }),
    );
    expect(() => parseDataset(deflateRawSync(Buffer.alloc(0)), TransferSyntax.ExplicitVRBigEndian)).toThrow(
      expect.objectContaining({ code: 'dicom/unsupported-transfer-syntax' }),
    );
  });

  it('keeps encapsulated pixel data fragments', () => {
    const f = readFileSync(join(SHARED, 'pydicom-data/emri_small_jpeg_2k_lossless.dcm'));
    const p = parsePart10(f);
    const frags = p.dataset.get(Tag.PixelData)!.fragments!;
    expect(frags.length).toBeGreaterThan(1);
    const again = parsePart10(writePart10(p.dataset, { transferSyntaxUid: p.transferSyntaxUid }));
    expect(again.dataset.get(Tag.PixelData)!.fragments!.map((b) => b.length)).toEqual(frags.map((b) => b.length));
  });
});

describe('readPart10Uids', () => {
  it('names the instance from the File Meta when the dataset is cut short', () => {
    const whole = writePart10(sample(), { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
    const cut = whole.subarray(0, whole.length - 3);
    expect(() => parsePart10(cut)).toThrow();
    expect(readPart10Uids(cut)).toEqual({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3' });
  });

  it('answers nothing, and never throws, for bytes that are no Part 10 file', () => {
    expect(readPart10Uids(Buffer.from('not dicom'))).toEqual({});
    const header = Buffer.alloc(140);
    header.write('DICM', 128, 'latin1');
    header.writeUInt16LE(0x0002, 132);
    header.writeUInt16LE(0x0010, 134);
    header.write('UI', 136, 'latin1');
    header.writeUInt16LE(0xffff, 138); // a length past the end of the buffer
    expect(() => readPart10Uids(header)).not.toThrow();
  });
});
