import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Dataset, parsePart10, Tag, TransferSyntax, writePart10 } from '@delineo/dicom';
import { ImagingError, ImagingTag, transcodePart10, transcodeTargets } from '@delineo/imaging';

const SHARED = resolve(__dirname, '../../../../shared/data');
const TS_DIR = join(SHARED, 'dcm_qa_ts');
const LIMITS = { maxDecodedBytes: 64 * 1024 ** 2 };
const EXPLICIT = TransferSyntax.ExplicitVRLittleEndian;

const pixels = (file: Buffer): Buffer => parsePart10(file).dataset.get(Tag.PixelData)!.value!;

describe('transcodePart10', () => {
  const reference = pixels(readFileSync(join(TS_DIR, '1.dcm')));

  // dcm_qa_ts: the same MR slice as Implicit LE, RLE, JPEG lossless SV1, JPEG-LS and JPEG 2000 lossless.
  it.each(['2.dcm', '4.dcm', '5.dcm', '6.dcm', '7.dcm', '8.dcm', '9.dcm'])(
    'turns %s into Explicit VR Little Endian with the original stored values',
    async (name) => {
      const out = await transcodePart10(readFileSync(join(TS_DIR, name)), EXPLICIT, LIMITS);
      const parsed = parsePart10(out);
      expect(parsed.transferSyntaxUid).toBe(EXPLICIT);
      const px = parsed.dataset.get(Tag.PixelData)!;
      expect(px.vr).toBe('OW');
      expect(px.fragments).toBeUndefined();
      expect(px.value!.equals(reference)).toBe(true);
      expect(parsed.dataset.string(ImagingTag.LossyImageCompression) ?? '00').toBe('00');
    },
  );

  it.each([TransferSyntax.RLELossless, TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000Lossless])(
    'encodes native pixels losslessly to %s and back',
    async (target) => {
      const encoded = await transcodePart10(readFileSync(join(TS_DIR, '1.dcm')), target, LIMITS);
      const parsed = parsePart10(encoded);
      expect(parsed.transferSyntaxUid).toBe(target);
      expect(parsed.dataset.get(Tag.PixelData)!.fragments!.length).toBe(2);
      expect(pixels(await transcodePart10(encoded, EXPLICIT, LIMITS)).equals(reference)).toBe(true);
    },
  );

  it('returns the file itself when it is already in the target syntax', async () => {
    const file = readFileSync(join(TS_DIR, '1.dcm'));
    expect(await transcodePart10(file, EXPLICIT, LIMITS)).toBe(file);
  });

  it('marks pixels from a lossy syntax as lossy (PS3.3 C.7.6.1.1.5) and names the method', async () => {
    const lossless = await transcodePart10(
      readFileSync(join(TS_DIR, '1.dcm')),
      TransferSyntax.JPEG2000Lossless,
      LIMITS,
    );
    // Relabel the lossless code stream as .91: decoding must still say the pixels went through a lossy syntax.
    const parsed = parsePart10(lossless);
    const relabelled = writePart10(parsed.dataset, { transferSyntaxUid: TransferSyntax.JPEG2000 });
    const out = parsePart10(await transcodePart10(relabelled, EXPLICIT, LIMITS)).dataset;
    expect(out.string(ImagingTag.LossyImageCompression)).toBe('01');
    expect(out.string(ImagingTag.LossyImageCompressionMethod)).toBe('ISO_15444_1');
  });

  it('refuses to decode past maxDecodedBytes', async () => {
    const file = readFileSync(join(TS_DIR, '9.dcm'));
    await expect(transcodePart10(file, EXPLICIT, { maxDecodedBytes: 1000 })).rejects.toMatchObject({
      code: 'imaging/too-large',
    });
  });

  it('offers Explicit LE and the lossless encoders, never Implicit LE, and nothing for unknown syntaxes', () => {
    expect(transcodeTargets(TransferSyntax.JPEG2000)).toContain(EXPLICIT);
    expect(transcodeTargets(TransferSyntax.ImplicitVRLittleEndian)).not.toContain(
      TransferSyntax.ImplicitVRLittleEndian,
    );
    expect(transcodeTargets(TransferSyntax.JPEG2000Lossless)).not.toContain(TransferSyntax.JPEG2000Lossless);
    expect(transcodeTargets('1.2.840.10008.1.2.4.201')).toEqual([]);
  });

  it('refuses a target it cannot produce with a coded error', async () => {
    const file = readFileSync(join(TS_DIR, '1.dcm'));
    await expect(transcodePart10(file, TransferSyntax.JPEGBaseline8Bit, LIMITS)).rejects.toBeInstanceOf(ImagingError);
  });

  it('converts a dataset without pixel data by rewriting its encoding only', async () => {
    const ds = new Dataset();
    ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.88.22');
    ds.setString(Tag.SOPInstanceUID, 'UI', '2.25.1');
    const implicit = writePart10(ds, { transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian });
    const out = parsePart10(await transcodePart10(implicit, EXPLICIT, LIMITS));
    expect(out.transferSyntaxUid).toBe(EXPLICIT);
    expect(out.dataset.string(Tag.SOPInstanceUID)).toBe('2.25.1');
  });
});
