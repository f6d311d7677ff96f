import {
  Dataset,
  parsePart10,
  Tag,
  TransferSyntax,
  writePart10,
  type ParsedPart10,
  type ParseLimits,
} from '@delineo/dicom';
import { decodeFrame, encodeFrame, initImagingCodecs } from './codecs';
import { ImagingError } from './errors';
import { encapsulatedFrames, nativeFrame } from './frames';
import { ImagingTag, nativeBytes, readPixelModule, type PixelModule } from './pixel-module';
import { isDecodableSyntax, isNativeSyntax, LOSSLESS_ENCODERS, LOSSY_METHOD, LOSSY_SYNTAXES } from './syntaxes';

export interface TranscodeLimits {
  /** Native pixel bytes one instance may expand to in memory; beyond it `imaging/too-large`. */
  maxDecodedBytes: number;
  parse?: ParseLimits;
}

/**
 * The syntaxes an instance stored in `source` can be re-encoded to, besides itself: Explicit VR
 * Little Endian from any native or decodable syntax, and the lossless encoders on top of that.
 * Implicit VR Little Endian is never a target (PS3.18 §8.7.3.5.2 leaves it out of the web).
 */
export function transcodeTargets(source: string): string[] {
  if (!isNativeSyntax(source) && !isDecodableSyntax(source)) return [];
  return [TransferSyntax.ExplicitVRLittleEndian, ...Object.keys(LOSSLESS_ENCODERS)].filter((t) => t !== source);
}

/** Re-encodes a Part 10 file in `target`; a new File Meta group names the new syntax (PS3.10 §7.1). */
export async function transcodePart10(file: Buffer, target: string, limits: TranscodeLimits): Promise<Buffer> {
  const parsed = parsePart10(file, limits.parse);
  return parsed.transferSyntaxUid === target ? file : transcodeParsed(parsed, target, limits);
}

/** The same, on a parsed file (its dataset is changed in place). */
export async function transcodeParsed(parsed: ParsedPart10, target: string, limits: TranscodeLimits): Promise<Buffer> {
  if (!transcodeTargets(parsed.transferSyntaxUid).includes(target)) {
    throw new ImagingError('imaging/unsupported-transfer-syntax', `${parsed.transferSyntaxUid} → ${target}`);
  }
  const ds = parsed.dataset;
  if (ds.has(Tag.PixelData)) {
    if (!isNativeSyntax(parsed.transferSyntaxUid) || target !== TransferSyntax.ExplicitVRLittleEndian) {
      await initImagingCodecs();
    }
    toNative(ds, parsed.transferSyntaxUid, limits);
    if (target !== TransferSyntax.ExplicitVRLittleEndian) encapsulate(ds, target);
  }
  // The File Meta keeps naming the same object (PS3.10 §7.1), even when the dataset's own UIDs are empty.
  return writePart10(ds, {
    transferSyntaxUid: target,
    mediaStorageSopClassUid: parsed.meta.string(Tag.MediaStorageSOPClassUID) ?? ds.string(Tag.SOPClassUID),
    mediaStorageSopInstanceUid: parsed.meta.string(Tag.MediaStorageSOPInstanceUID) ?? ds.string(Tag.SOPInstanceUID),
  });
}

/** Replaces Pixel Data by native stored values in an OB/OW element of the right length (PS3.5 §A.2). */
export function toNative(ds: Dataset, source: string, limits: TranscodeLimits): PixelModule {
  const pm = readPixelModule(ds);
  const size = nativeBytes(pm);
  if (size > limits.maxDecodedBytes) {
    throw new ImagingError('imaging/too-large', `${size} bytes of native pixels exceed ${limits.maxDecodedBytes}`);
  }
  const vr = pm.bitsAllocated > 8 ? 'OW' : 'OB';
  const px = ds.get(Tag.PixelData)!;
  if (isNativeSyntax(source)) {
    ds.set({ tag: Tag.PixelData, vr, value: px.value?.subarray(0, size) ?? Buffer.alloc(0) });
    return pm;
  }
  if (pm.bitsAllocated === 1) {
    throw new ImagingError('imaging/unsupported-pixel-format', 'encapsulated 1-bit Pixel Data is not decoded');
  }
  const out = Buffer.allocUnsafe(size);
  let photometric = pm.photometric;
  encapsulatedFrames(ds, pm).forEach((stream, i) => {
    const frame = decodeFrame(stream, source, pm);
    frame.pixels.copy(out, i * frame.pixels.length);
    photometric = frame.photometric;
  });
  ds.set({ tag: Tag.PixelData, vr, value: out });
  ds.delete(Tag.ExtendedOffsetTable);
  ds.delete(ImagingTag.ExtendedOffsetTableLengths);
  // PS3.5 §8.2.1: the Photometric Interpretation describes the pixels as they are now encoded.
  if (photometric !== pm.photometric) ds.setString(Tag.PhotometricInterpretation, 'CS', photometric);
  if (pm.samplesPerPixel > 1) ds.setUint16(ImagingTag.PlanarConfiguration, 0);
  markLossy(ds, source);
  return { ...pm, photometric, planarConfiguration: pm.samplesPerPixel > 1 ? 0 : pm.planarConfiguration };
}

/** PS3.3 C.7.6.1.1.5: once lossy, always "01", even after decompression. */
function markLossy(ds: Dataset, source: string): void {
  if (!LOSSY_SYNTAXES.includes(source)) return;
  const stated = ds.string(ImagingTag.LossyImageCompression);
  // .91 may carry losslessly coded pixels, and says so with "00"; the other lossy syntaxes cannot.
  if (source === TransferSyntax.JPEG2000 && stated === '00') return;
  ds.setString(ImagingTag.LossyImageCompression, 'CS', '01');
  if (!ds.has(ImagingTag.LossyImageCompressionMethod)) {
    ds.setString(ImagingTag.LossyImageCompressionMethod, 'CS', LOSSY_METHOD[source]);
  }
}

/** Native Pixel Data → one fragment per frame with a Basic Offset Table (PS3.5 §A.4). */
function encapsulate(ds: Dataset, target: string): void {
  const pm = readPixelModule(ds);
  const frames = Array.from({ length: pm.frames }, (_, i) => encodeLossless(nativeFrame(ds, pm, i + 1), pm, target));
  const bot = Buffer.alloc(4 * frames.length);
  let offset = 0;
  frames.forEach((f, i) => {
    bot.writeUInt32LE(offset, 4 * i);
    offset += 8 + f.length + (f.length & 1);
  });
  ds.set({ tag: Tag.PixelData, vr: 'OB', fragments: [bot, ...frames] });
}

/** One native frame through a lossless encoder (single-sample 8/16-bit only). */
export function encodeLossless(frame: Buffer, pm: PixelModule, target: string): Buffer {
  const enc = LOSSLESS_ENCODERS[target];
  if (!enc) throw new ImagingError('imaging/unsupported-transfer-syntax', `no encoder for ${target}`);
  if (pm.samplesPerPixel !== 1 || (pm.bitsAllocated !== 8 && pm.bitsAllocated !== 16)) {
    // Colour would need YBR_RCT/ICT bookkeeping for JPEG 2000 (PS3.5 §8.2.4); keep to what round-trips.
    throw new ImagingError('imaging/unsupported-pixel-format', `no lossless re-encoding of ${pm.photometric}`);
  }
  return encodeFrame(frame, pm, enc.encoder, enc.params);
}
