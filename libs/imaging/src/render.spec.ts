import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Dataset, parsePart10, Tag, TransferSyntax } from '@delineo/dicom';
import { decodeFrame, initImagingCodecs, readPixelModule, renderFrame } from '@delineo/imaging';
import { windowFn } from './voi';

const SHARED = resolve(__dirname, '../../../../shared/data');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decode: decodePng } = require('fast-png') as {
  decode(b: Uint8Array): { width: number; height: number; channels: number; data: Uint8Array };
};

/** A tiny MONOCHROME2 16-bit image whose values are its column index × 100. */
function ramp(photometric = 'MONOCHROME2'): Dataset {
  const ds = new Dataset();
  ds.setUint16(Tag.Rows, 2);
  ds.setUint16(Tag.Columns, 4);
  ds.setUint16(Tag.SamplesPerPixel, 1);
  ds.setUint16(Tag.BitsAllocated, 16);
  ds.setUint16(Tag.BitsStored, 16);
  ds.setUint16(Tag.PixelRepresentation, 0);
  ds.setString(Tag.PhotometricInterpretation, 'CS', photometric);
  const px = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) px.writeUInt16LE((i % 4) * 100, 2 * i);
  ds.set({ tag: Tag.PixelData, vr: 'OW', value: px });
  return ds;
}

const EXPLICIT = TransferSyntax.ExplicitVRLittleEndian;
const png = async (ds: Dataset, opts = {}) =>
  decodePng(await renderFrame(ds, EXPLICIT, { frame: 1, mediaType: 'image/png', ...opts }));

describe('renderFrame', () => {
  it('applies the requested window: below is black, above is white', async () => {
    const img = await png(ramp(), { window: { center: 150, width: 100, fn: 'LINEAR' } });
    expect([img.width, img.height, img.channels]).toEqual([4, 2, 1]);
    expect(Array.from(img.data.slice(0, 4))).toEqual([0, 0, 255, 255]);
  });

  it('uses the header window and Rescale Slope/Intercept when none is requested', async () => {
    const ds = ramp();
    ds.setString(Tag.RescaleIntercept, 'DS', '-1000');
    ds.setString(Tag.RescaleSlope, 'DS', '1');
    ds.setString(0x00281050, 'DS', '-850');
    ds.setString(0x00281051, 'DS', '99');
    const img = await png(ds);
    expect(img.data[0]).toBe(0); // -1000
    expect(img.data[1]).toBe(0); // -900, below the window
    expect(img.data[2]).toBe(255); // -800, above
  });

  it('inverts MONOCHROME1 so that low values are white', async () => {
    const mono2 = await png(ramp());
    const mono1 = await png(ramp('MONOCHROME1'));
    expect(mono1.data[0]).toBe(255 - mono2.data[0]);
    expect(mono1.data[3]).toBe(255 - mono2.data[3]);
    expect(mono2.data[3]).toBeGreaterThan(mono2.data[0]);
  });

  it('scales into the viewport keeping the aspect ratio', async () => {
    const img = await png(ramp(), { viewport: { width: 2, height: 2 } });
    expect([img.width, img.height]).toEqual([2, 1]);
  });

  it('writes a baseline JPEG (SOI marker, JFIF)', async () => {
    const jpeg = await renderFrame(ramp(), EXPLICIT, { frame: 1, mediaType: 'image/jpeg', quality: 50 });
    expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
  });

  it('renders a JPEG 2000 MR slice the same as its uncompressed twin', async () => {
    const a = parsePart10(readFileSync(join(SHARED, 'dcm_qa_ts/1.dcm')));
    const b = parsePart10(readFileSync(join(SHARED, 'dcm_qa_ts/9.dcm')));
    const ra = await renderFrame(a.dataset, a.transferSyntaxUid, { frame: 1, mediaType: 'image/png' });
    const rb = await renderFrame(b.dataset, b.transferSyntaxUid, { frame: 1, mediaType: 'image/png' });
    expect(Buffer.from(decodePng(ra).data).equals(Buffer.from(decodePng(rb).data))).toBe(true);
  });

  it('renders every frame of an RGB multi-frame image in colour', async () => {
    const sm = parsePart10(readFileSync(join(SHARED, 'highdicom/sm_image.dcm')));
    const pm = readPixelModule(sm.dataset);
    const img = decodePng(
      await renderFrame(sm.dataset, sm.transferSyntaxUid, { frame: pm.frames, mediaType: 'image/png' }),
    );
    expect(img.channels).toBe(3);
    const last = sm.dataset.get(Tag.PixelData)!.value!.subarray(300 * (pm.frames - 1), 300 * pm.frames);
    expect(Buffer.from(img.data).equals(last)).toBe(true);
  });

  it('refuses a frame number beyond Number of Frames', async () => {
    await expect(renderFrame(ramp(), EXPLICIT, { frame: 2, mediaType: 'image/png' })).rejects.toMatchObject({
      code: 'imaging/frame-out-of-range',
    });
  });

  it('follows PS3.3 C.11.2.1.2.1 for the linear window edges', () => {
    const f = windowFn({ center: 2048, width: 4096, fn: 'LINEAR' });
    expect(f(-1)).toBe(0);
    expect(f(4096)).toBe(255);
    expect(Math.round(f(2048))).toBe(128);
  });

  it('decodes with the codecs loaded once', async () => {
    await initImagingCodecs();
    const j2k = parsePart10(readFileSync(join(SHARED, 'dcm_qa_ts/9.dcm')));
    const pm = readPixelModule(j2k.dataset);
    const stream = j2k.dataset.get(Tag.PixelData)!.fragments![1];
    expect(decodeFrame(stream, j2k.transferSyntaxUid, pm).pixels.length).toBe(384 * 384 * 2);
  });
});
