import { ImagingError } from './errors';
import type { PixelModule } from './pixel-module';
import { DECODERS, type DecoderName, type EncoderName } from './syntaxes';

/* dcmjs-codecs: WebAssembly builds of libjpeg-turbo, CharLS, OpenJPEG and an RLE codec. */
interface CodecContext {
  getDecodedBuffer(): Uint8Array | undefined;
  getEncodedBuffer(): Uint8Array | undefined;
  getPhotometricInterpretation(): string | undefined;
}
type CodecFn = (ctx: CodecContext, params?: Record<string, unknown>) => CodecContext;
interface CodecsModule {
  Context: new (attrs: Record<string, unknown>) => CodecContext;
  NativeCodecs: { initializeAsync(opts?: Record<string, unknown>): Promise<void> } & Record<
    DecoderName | EncoderName,
    CodecFn
  >;
}

let codecs: CodecsModule | undefined;
let init: Promise<void> | undefined;

/** Loads the WebAssembly codecs once; needed before any encapsulated frame is decoded or encoded. */
export function initImagingCodecs(): Promise<void> {
  if (!init) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('dcmjs-codecs') as CodecsModule;
    init = mod.NativeCodecs.initializeAsync({ logCodecsInfo: false }).then(() => {
      codecs = mod;
    });
  }
  return init;
}

function loaded(): CodecsModule {
  if (!codecs) throw new ImagingError('imaging/decode-failed', 'codecs not initialised: await initImagingCodecs()');
  return codecs;
}

const view = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function context(pm: PixelModule, buffers: Record<string, Uint8Array>): CodecContext {
  return new (loaded().Context)({
    width: pm.columns,
    height: pm.rows,
    bitsAllocated: pm.bitsAllocated,
    bitsStored: pm.bitsStored,
    samplesPerPixel: pm.samplesPerPixel,
    pixelRepresentation: pm.pixelRepresentation,
    planarConfiguration: pm.planarConfiguration,
    photometricInterpretation: pm.photometric,
    ...buffers,
  });
}

export interface DecodedFrame {
  pixels: Buffer;
  /** What the decoded samples are: JPEG YBR_FULL(_422) and JPEG 2000 YBR_ICT/RCT come out as RGB. */
  photometric: string;
}

/** Decodes one frame's bit stream to stored values, little endian, colour-by-pixel (PS3.5 §8.2). */
export function decodeFrame(stream: Buffer, transferSyntaxUid: string, pm: PixelModule): DecodedFrame {
  const name = DECODERS[transferSyntaxUid];
  if (!name) throw new ImagingError('imaging/unsupported-transfer-syntax', `no decoder for ${transferSyntaxUid}`);
  let out: CodecContext;
  try {
    out = loaded().NativeCodecs[name](context(pm, { encodedBuffer: view(stream) }), { convertColorspaceToRgb: true });
  } catch (e) {
    throw new ImagingError('imaging/decode-failed', `${name}: ${(e as Error)?.message ?? String(e)}`);
  }
  const decoded = out.getDecodedBuffer();
  const need = (pm.rows * pm.columns * pm.samplesPerPixel * pm.bitsAllocated) / 8;
  if (!decoded || decoded.length < need) {
    throw new ImagingError('imaging/decode-failed', `${name} returned ${decoded?.length ?? 0} bytes, expected ${need}`);
  }
  const photometric =
    pm.samplesPerPixel === 3 ? (out.getPhotometricInterpretation() ?? pm.photometric) : pm.photometric;
  return { pixels: Buffer.from(decoded.buffer, decoded.byteOffset, need), photometric };
}

/** Encodes native stored values (colour-by-pixel) with one dcmjs-codecs encoder. */
export function encodeFrame(
  pixels: Buffer,
  pm: PixelModule,
  encoder: EncoderName,
  params: Record<string, unknown>,
): Buffer {
  let out: CodecContext;
  try {
    out = loaded().NativeCodecs[encoder](context(pm, { decodedBuffer: view(pixels) }), params);
  } catch (e) {
    throw new ImagingError('imaging/encode-failed', `${encoder}: ${(e as Error)?.message ?? String(e)}`);
  }
  const encoded = out.getEncodedBuffer();
  if (!encoded || encoded.length === 0) throw new ImagingError('imaging/encode-failed', `${encoder} returned nothing`);
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}
