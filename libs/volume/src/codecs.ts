import { TransferSyntax } from '@delineo/dicom';
import { decodeFrame as decodeImagingFrame, initImagingCodecs, isDecodableSyntax } from '@delineo/imaging';
import { VolumeError } from './errors';
import { PixelFormat } from './pixel-format';

/** Lossless syntaxes decode to exactly the original stored values (PS3.5 §8.2). */
export const LOSSLESS_SYNTAXES: readonly string[] = [
  TransferSyntax.RLELossless,
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEG2000Lossless,
];

export { isDecodableSyntax };

/**
 * Loads the WebAssembly codecs once; needed before decoding any encapsulated frame. Shared with
 * WADO-RS transcoding (@delineo/imaging), so one process initialises dcmjs-codecs once.
 */
export const initCodecs = (): Promise<void> => initImagingCodecs();

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
  try {
    return decodeImagingFrame(stream, transferSyntaxUid, {
      rows: f.rows,
      columns: f.columns,
      samplesPerPixel: 1,
      bitsAllocated: f.bitsAllocated,
      bitsStored: f.bitsStored,
      pixelRepresentation: f.pixelRepresentation,
      planarConfiguration: 0,
      photometric: f.photometric,
      frames: 1,
    }).pixels;
  } catch (e) {
    throw new VolumeError('volume/decode-failed', e instanceof Error ? e.message : String(e));
  }
}
