import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePart10, Tag, TransferSyntax } from '@delineo/dicom';
import { decodeInstance, initCodecs, isDecodableSyntax, LOSSLESS_SYNTAXES, VolumeError } from '@delineo/volume';
import { frameStreams } from './codecs';

const SHARED = resolve(__dirname, '../../../../shared/data');
const TS_DIR = join(SHARED, 'dcm_qa_ts');
const PYDICOM = join(SHARED, 'pydicom-data');

const maxDiff = (a: Float32Array, b: Float32Array): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('transfer syntax decoding', () => {
  beforeAll(() => initCodecs());

  describe('dcm_qa_ts: one MR slice in 9 transfer syntaxes', () => {
    const reference = (): Promise<{ data: Float32Array }> => decodeInstance(readFileSync(join(TS_DIR, '1.dcm')));
    const files = [2, 4, 5, 6, 7, 8, 9].map((n) => `${n}.dcm`);

    it.each(files)('decodes %s to the same voxels as the uncompressed 1.dcm', async (name) => {
      const parsed = parsePart10(readFileSync(join(TS_DIR, name)));
      const got = await decodeInstance(parsed);
      const ref = await reference();
      expect(got.rows * got.columns).toBe(384 * 384);
      // Every syntax in this set is lossless or native, so the stored values must be identical.
      expect(LOSSLESS_SYNTAXES.includes(parsed.transferSyntaxUid) || !isDecodableSyntax(parsed.transferSyntaxUid)).toBe(
        true,
      );
      expect(maxDiff(got.data, ref.data)).toBe(0);
    });

    it('gets retired Explicit VR Big Endian (3.dcm) from the parser as Little Endian, same voxels', async () => {
      const parsed = parsePart10(readFileSync(join(TS_DIR, '3.dcm')));
      expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
      expect(maxDiff((await decodeInstance(parsed)).data, (await reference()).data)).toBe(0);
    });
  });

  describe('pydicom emri_small: 10-frame MR in native, RLE, JPEG-LS and JPEG 2000', () => {
    it.each(['emri_small_RLE.dcm', 'emri_small_jpeg_ls_lossless.dcm', 'emri_small_jpeg_2k_lossless.dcm'])(
      'decodes every frame of %s exactly',
      async (name) => {
        const ref = await decodeInstance(readFileSync(join(PYDICOM, 'emri_small.dcm')));
        const got = await decodeInstance(readFileSync(join(PYDICOM, name)));
        expect(got.frames).toBe(10);
        expect(maxDiff(got.data, ref.data)).toBe(0);
        expect(ref.data.some((v) => v > 0)).toBe(true);
      },
    );
  });

  it('decodes JPEG baseline (lossy, 8-bit) within tolerance of the original', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Context, NativeCodecs } = require('dcmjs-codecs');
    const ref = await decodeInstance(readFileSync(join(TS_DIR, '1.dcm')));
    const max = ref.data.reduce((m, v) => Math.max(m, v), 0);
    const eight = Uint8Array.from(ref.data, (v) => Math.round((v / max) * 255));
    const ctx = new Context({
      width: 384,
      height: 384,
      bitsAllocated: 8,
      bitsStored: 8,
      samplesPerPixel: 1,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      decodedBuffer: eight,
    });
    const jpeg: Uint8Array = NativeCodecs.encodeJpeg(ctx, { lossy: true, quality: 95 }).getEncodedBuffer();
    const ds = parsePart10(readFileSync(join(TS_DIR, '1.dcm'))).dataset;
    ds.setUint16(Tag.BitsAllocated, 8);
    ds.setUint16(Tag.BitsStored, 8);
    ds.setUint16(Tag.HighBit, 7);
    ds.set({ tag: Tag.PixelData, vr: 'OB', fragments: [Buffer.alloc(0), Buffer.from(jpeg)] });
    const got = await decodeInstance({ dataset: ds, transferSyntaxUid: TransferSyntax.JPEGBaseline8Bit });
    const diff = maxDiff(got.data, Float32Array.from(eight));
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(40);
    let sum = 0;
    for (let i = 0; i < eight.length; i++) sum += Math.abs(got.data[i] - eight[i]);
    expect(sum / eight.length).toBeLessThan(2);
  });

  it('splits fragments into frames by the Basic Offset Table (PS3.5 §A.4)', () => {
    const bot = Buffer.alloc(8);
    bot.writeUInt32LE(0, 0);
    bot.writeUInt32LE(8 + 4 + 8 + 2, 4); // frame 2 starts at the third fragment item
    const frames = frameStreams([bot, Buffer.from('abcd'), Buffer.from('ef'), Buffer.from('gh')], 2);
    expect(frames.map((b) => b.toString())).toEqual(['abcdef', 'gh']);
    expect(frameStreams([Buffer.alloc(0), Buffer.from('ab'), Buffer.from('cd')], 1)[0].toString()).toBe('abcd');
    expect(() => frameStreams([Buffer.alloc(0), Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef')], 2)).toThrow(
      VolumeError,
    );
  });

  it('reports a corrupt compressed frame as volume/decode-failed', async () => {
    const parsed = parsePart10(readFileSync(join(TS_DIR, '9.dcm')));
    parsed.dataset.set({ tag: Tag.PixelData, vr: 'OB', fragments: [Buffer.alloc(0), Buffer.from('not a codestream')] });
    await expect(decodeInstance(parsed)).rejects.toMatchObject({ code: 'volume/decode-failed' });
  });
});
