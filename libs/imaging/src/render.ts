import { Dataset, Tag } from '@delineo/dicom';
import { decodeFrame, encodeFrame, initImagingCodecs } from './codecs';
import { ImagingError } from './errors';
import { checkFrameNumbers, encapsulatedFrames, nativeFrame } from './frames';
import { readPixelModule, type PixelModule } from './pixel-module';
import { clamp, rgb8, storedValues } from './pixels';
import { fitViewport, resize } from './scale';
import { isNativeSyntax } from './syntaxes';
import { headerVoiLut, headerWindow, lutFn, readModality, windowFn, type Window } from './voi';

/* fast-png ships ES modules with `exports` typings only; Node ≥ 20.19 require()s them. */
interface PngImage {
  width: number;
  height: number;
  data: Uint8Array;
  channels: number;
  depth: 8;
}
const encodePng = (img: PngImage): Uint8Array =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('fast-png') as { encode(i: PngImage): Uint8Array }).encode(img);

export type RenderedMediaType = 'image/jpeg' | 'image/png';

export interface RenderOptions {
  /** 1-based. */
  frame: number;
  mediaType: RenderedMediaType;
  /** PS3.18 §8.3.5.1.2 `window`; the header's window (or VOI LUT, or the frame's range) when absent. */
  window?: Window;
  /** PS3.18 §8.3.5.1.3 `viewport`: the image is scaled to fit, keeping its aspect ratio. */
  viewport?: { width: number; height: number };
  /** PS3.18 §8.3.5.1.5 `quality` (1–100) for JPEG. */
  quality?: number;
}

/** Renders one frame of a parsed instance to an 8-bit presentation image (PS3.18 §10.4.1.1.3). */
export async function renderFrame(ds: Dataset, transferSyntaxUid: string, opts: RenderOptions): Promise<Buffer> {
  const pm = readPixelModule(ds);
  checkFrameNumbers([opts.frame], pm);
  await initImagingCodecs();
  let frame: Buffer;
  let photometric = pm.photometric;
  if (isNativeSyntax(transferSyntaxUid)) frame = nativeFrame(ds, pm, opts.frame);
  else {
    const decoded = decodeFrame(encapsulatedFrames(ds, pm)[opts.frame - 1], transferSyntaxUid, pm);
    frame = decoded.pixels;
    photometric = decoded.photometric;
  }
  const colour = pm.samplesPerPixel === 3;
  const planar = colour && isNativeSyntax(transferSyntaxUid) ? pm.planarConfiguration : 0;
  const pixels = colour
    ? rgb8(frame, { ...pm, planarConfiguration: planar }, photometric)
    : grey8(frame, ds, pm, opts.window);
  const channels = colour ? 3 : 1;
  const size = fitViewport(pm.columns, pm.rows, opts.viewport);
  const out = resize(pixels, pm.columns, pm.rows, channels, size.width, size.height);
  return encodeImage(out, size.width, size.height, channels, opts);
}

/** Modality LUT, then VOI LUT, then MONOCHROME1 inversion (PS3.4 Figure N.2-1's grayscale pipeline). */
function grey8(frame: Buffer, ds: Dataset, pm: PixelModule, requested?: Window): Uint8Array {
  if (pm.photometric !== 'MONOCHROME1' && pm.photometric !== 'MONOCHROME2') {
    throw new ImagingError('imaging/unsupported-pixel-format', `photometric ${pm.photometric} is not rendered`);
  }
  const { slope, intercept } = readModality(ds);
  const lut = requested ? undefined : headerVoiLut(ds);
  const window = requested ?? headerWindow(ds);
  const fast = (pm.bitsAllocated === 8 || pm.bitsAllocated === 16) && pm.bitsStored <= 16;
  const values = fast && (lut || window) ? undefined : storedValues(frame, pm);
  const voi = lut ? lutFn(lut) : windowFn(window ?? rangeWindow(values!.map((v) => v * slope + intercept)));
  const invert = pm.photometric === 'MONOCHROME1';
  const toByte = (stored: number) => {
    const v = clamp(voi(stored * slope + intercept));
    return invert ? 255 - v : v;
  };
  const n = pm.rows * pm.columns;
  const out = new Uint8Array(n);
  if (!fast) {
    for (let i = 0; i < n; i++) out[i] = toByte(values![i]);
    return out;
  }
  // One table over every masked stored value (PS3.5 §8.1.1: bits above Bits Stored are not the
  // value; two's complement per Pixel Representation): the pipeline runs 2^BitsStored times.
  const size = 2 ** pm.bitsStored;
  const sign = pm.pixelRepresentation === 1 ? size / 2 : Infinity;
  const table = new Uint8Array(size);
  for (let m = 0; m < size; m++) table[m] = toByte(m >= sign ? m - size : m);
  const mask = size - 1;
  if (pm.bitsAllocated === 8) for (let i = 0; i < n; i++) out[i] = table[frame[i] & mask];
  else for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = table[(frame[j] | (frame[j + 1] << 8)) & mask];
  return out;
}

/** No window anywhere: the frame's own range, so that something is always visible. */
function rangeWindow(values: Float64Array): Window {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = Math.max(1, hi - lo + 1);
  return { center: lo + width / 2, width, fn: 'LINEAR' };
}

function encodeImage(data: Uint8Array, width: number, height: number, channels: number, opts: RenderOptions): Buffer {
  if (opts.mediaType === 'image/png') {
    const png = encodePng({ width, height, data, channels, depth: 8 });
    return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  }
  const pm: PixelModule = {
    rows: height,
    columns: width,
    samplesPerPixel: channels,
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    photometric: channels === 3 ? 'RGB' : 'MONOCHROME2',
    frames: 1,
  };
  return encodeFrame(Buffer.from(data.buffer, data.byteOffset, data.byteLength), pm, 'encodeJpeg', {
    lossy: true,
    quality: opts.quality ?? 90,
  });
}

/** Whether Pixel Data is there to render (SR, KO, presentation states have none). */
export const hasPixels = (ds: Dataset): boolean => ds.has(Tag.PixelData);
