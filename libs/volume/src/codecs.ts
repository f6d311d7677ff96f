import { TransferSyntax } from '@delineo/dicom';
import { VolumeError } from './errors';
import { PixelFormat } from './pixel-format';

/* dcmjs-codecs ships WebAssembly builds of libjpeg-turbo, CharLS, OpenJPEG and an RLE decoder. */
interface CodecContext {
  getDecodedBuffer(): Uint8Array | undefined;
}
interface CodecsModule {
  Context: new (attrs: Record<string, unknown>) => CodecContext;
  NativeCodecs: {
    initializeAsync(opts?: Record<string, unknown>): Promise<void>;
    isInitialized(): boolean;
  } & Record<DecoderName, (ctx: CodecContext, params?: Record<string, unknown>) => CodecContext>;
}
type DecoderName = 'decodeRle' | 'decodeJpeg' | 'decodeJpegLs' | 'decodeJpeg2000';

const DECODERS: Record<string, DecoderName> = {
  [TransferSyntax.RLELossless]: 'decodeRle',
  [TransferSyntax.JPEGBaseline8Bit]: 'decodeJpeg',
  [TransferSyntax.JPEGExtended12Bit]: 'decodeJpeg',
  [TransferSyntax.JPEGLossless]: 'decodeJpeg',
  [TransferSyntax.JPEGLosslessSV1]: 'decodeJpeg',
  [TransferSyntax.JPEGLSLossless]: 'decodeJpegLs',
  [TransferSyntax.JPEGLSNearLossless]: 'decodeJpegLs',
  [TransferSyntax.JPEG2000Lossless]: 'decodeJpeg2000',
  [TransferSyntax.JPEG2000]: 'decodeJpeg2000',
};

/** Lossless syntaxes decode to exactly the original stored values (PS3.5 §8.2). */
export const LOSSLESS_SYNTAXES: readonly string[] = [
  TransferSyntax.RLELossless,
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEG2000Lossless,
];

export const isDecodableSyntax = (uid: string): boolean => uid in DECODERS;

let codecs: CodecsModule | undefined;
let init: Promise<void> | undefined;

/** Loads the WebAssembly codecs once; needed before decoding any encapsulated frame. */
export function initCodecs(): Promise<void> {
  if (!init) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('dcmjs-codecs') as CodecsModule;
    init = mod.NativeCodecs.initializeAsync({ logCodecsInfo: false }).then(() => {
      codecs = mod;
    });
  }
  return init;
}

/**
 * Splits encapsulated Pixel Data into one byte stream per frame (PS3.5 §A.4): by the Basic Offset
 * Table when present; one fragment per frame when the counts agree; all fragments for one frame.
 */
export function frameStreams(fragments: Buffer[], frames: number): Buffer[] {
  const [bot, ...frags] = fragments;
  if (frames === 1) return [frags.length === 1 ? frags[0] : Buffer.concat(frags)];
  if (frags.length === frames) return frags;
  if (bot && bot.length >= 4 * frames) {
    const starts = Array.from({ length: frames }, (_, i) => bot.readUInt32LE(4 * i));
    const out: Buffer[][] = starts.map(() => []);
    let pos = 0; // byte offset of the fragment's item tag from the first fragment (PS3.5 §A.4)
    for (const frag of frags) {
      let f = starts.length - 1;
      while (f > 0 && starts[f] > pos) f--;
      out[f].push(frag);
      pos += frag.length + 8;
    }
    return out.map((parts) => Buffer.concat(parts));
  }
  throw new VolumeError('volume/decode-failed', `${frags.length} fragments for ${frames} frames and no offset table`);
}

/** Decodes one compressed frame to stored values in a BitsAllocated little-endian container. */
export function decodeFrame(stream: Buffer, transferSyntaxUid: string, f: PixelFormat): Uint8Array {
  const decoder = DECODERS[transferSyntaxUid];
  if (!decoder) throw new VolumeError('volume/decode-failed', `no decoder for transfer syntax ${transferSyntaxUid}`);
  if (!codecs) throw new VolumeError('volume/decode-failed', 'codecs not initialised: await initCodecs() first');
  const ctx = new codecs.Context({
    width: f.columns,
    height: f.rows,
    bitsAllocated: f.bitsAllocated,
    bitsStored: f.bitsStored,
    samplesPerPixel: 1,
    pixelRepresentation: f.pixelRepresentation,
    planarConfiguration: 0,
    photometricInterpretation: f.photometric,
    encodedBuffer: new Uint8Array(stream.buffer, stream.byteOffset, stream.length),
  });
  let decoded: Uint8Array | undefined;
  try {
    decoded = codecs.NativeCodecs[decoder](ctx, {}).getDecodedBuffer();
  } catch (e) {
    throw new VolumeError('volume/decode-failed', `${decoder}: ${(e as Error).message ?? e}`);
  }
  const need = (f.rows * f.columns * f.bitsAllocated) / 8;
  if (!decoded || decoded.length < need)
    throw new VolumeError(
      'volume/decode-failed',
      `${decoder} returned ${decoded?.length ?? 0} bytes, expected ${need}`,
    );
  return decoded;
}
