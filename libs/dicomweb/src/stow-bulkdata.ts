import { DicomError, TransferSyntax, transferSyntaxTraits, type ParseLimits } from '@delineo/dicom';
import type { ResolvedBulkData } from './dicom-json-reader';
import { parseMediaType } from './media-type';
import { checkJsonBounds, jsonBoundsFor } from './json-bounds';

/**
 * Compressed bulk data media types and their default transfer syntax when the part names none
 * (PS3.18 Table 8.7.3-5, column "D"). Only Pixel Data may come in these.
 */
const COMPRESSED_DEFAULTS: Record<string, string> = {
  'image/jpeg': TransferSyntax.JPEGLosslessSV1,
  'image/jls': TransferSyntax.JPEGLSLossless,
  'image/jp2': TransferSyntax.JPEG2000Lossless,
  'image/jpx': '1.2.840.10008.1.2.4.92',
  'image/dicom-rle': TransferSyntax.RLELossless,
  'video/mpeg': '1.2.840.10008.1.2.4.100',
  'video/mp4': '1.2.840.10008.1.2.4.102',
  'video/h265': '1.2.840.10008.1.2.4.107',
};

interface BulkPart {
  body: Buffer;
  /** Set for a compressed part: the transfer syntax its bytes are in. */
  compressed?: string;
  /** An uncompressed part labelled with a syntax other than Explicit VR Little Endian. */
  badSyntax?: boolean;
}

/**
 * The bulk data parts of one STOW-RS request with DICOM JSON metadata (PS3.18 §10.5.1.4, §8.6.1.2),
 * by Content-Location. Uncompressed bulk data is little-endian bytes (application/octet-stream,
 * §8.7.3.3.1); compressed Pixel Data is one part per frame under the same Content-Location, in
 * frame order, without fragment delimiters (§8.7.3.3.2). Any other media type (an encapsulated
 * PDF, CDA) is the value's bytes as they are.
 */
export class StowBulkData {
  private readonly parts = new Map<string, BulkPart[]>();
  private count = 0;

  /** @param base the request's URL: Content-Location and BulkDataURI are both resolved against it. */
  constructor(
    private readonly base: string,
    private readonly maxParts: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** A part without Content-Location can never be referenced; it is dropped. */
  add(headers: Record<string, string>, body: Buffer): void {
    const location = headers['content-location'];
    if (location === undefined || location.trim() === '') return;
    if (++this.count > this.maxParts) {
      throw new DicomError('dicom/too-many-items', `more than ${this.maxParts} bulk data parts`);
    }
    const type = parseMediaType(headers['content-type'] ?? 'application/octet-stream');
    const ts = type?.params['transfer-syntax'];
    const part: BulkPart = { body };
    const fallback = type ? COMPRESSED_DEFAULTS[type.mediaType] : undefined;
    if (fallback) part.compressed = ts ?? fallback;
    else if (type?.mediaType === 'application/octet-stream' && ts && ts !== TransferSyntax.ExplicitVRLittleEndian) {
      part.badSyntax = true;
    }
    const key = this.key(location);
    const list = this.parts.get(key);
    if (list) list.push(part);
    else this.parts.set(key, [part]);
  }

  /** Lets go of every part (the request was refused; its bytes are no longer counted). */
  clear(): void {
    this.parts.clear();
  }

  /** A resolver for one instance; `transferSyntaxUid` is read after the instance is converted. */
  forInstance(): {
    resolve: (uri: string, tag: number) => ResolvedBulkData | undefined;
    transferSyntaxUid: () => string;
  } {
    let syntax: string = TransferSyntax.ExplicitVRLittleEndian;
    const resolve = (uri: string): ResolvedBulkData | undefined => {
      const found = this.parts.get(this.key(uri));
      if (!found) return undefined;
      const compressed = found[0].compressed;
      if (compressed === undefined) {
        if (found.length > 1) throw new DicomError('dicom/malformed', 'uncompressed bulk data in more than one part');
        if (found[0].badSyntax) {
          throw new DicomError(
            'dicom/unsupported-transfer-syntax',
            'uncompressed bulk data is Explicit VR Little Endian',
          );
        }
        return { value: found[0].body };
      }
      if (found.some((p) => p.compressed !== compressed)) {
        throw new DicomError('dicom/malformed', 'frames of one Pixel Data in different transfer syntaxes');
      }
      if (!transferSyntaxTraits(compressed)?.encapsulated) {
        throw new DicomError(
          'dicom/unsupported-transfer-syntax',
          'compressed bulk data in an unsupported transfer syntax',
        );
      }
      syntax = compressed;
      return { frames: found.map((p) => p.body) };
    };
    return { resolve, transferSyntaxUid: () => syntax };
  }

  private key(uri: string): string {
    try {
      return new URL(uri.trim(), this.base).href;
    } catch {
      return uri.trim();
    }
  }
}

/**
 * The metadata part: a JSON array of DICOM JSON Model objects, one per instance (PS3.18 §10.5.1.4).
 * Bounded before JSON.parse (json-bounds.ts); a text that cannot even be a string (over V8's
 * limit) or is not JSON is malformed, never a crash.
 */
export function parseStowMetadata(
  body: Buffer,
  limits: Pick<ParseLimits, 'maxDepth' | 'maxElements' | 'maxItems'>,
): unknown[] {
  checkJsonBounds(body, jsonBoundsFor(limits));
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new DicomError('dicom/malformed', 'the metadata part is not JSON');
  }
  if (!Array.isArray(json)) throw new DicomError('dicom/malformed', 'the metadata part is not a JSON array');
  return json;
}
