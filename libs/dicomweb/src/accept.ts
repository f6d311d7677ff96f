import { DicomWebError } from './errors';
import { MediaType, parseMediaType, splitOutsideQuotes } from './media-type';

interface MediaRange extends MediaType {
  q: number;
}

/**
 * The transfer syntax a media type means when no `transfer-syntax` parameter names one (PS3.18
 * §8.7.3.5.2, Tables 8.7.3-2 and 8.7.3-5). Explicit VR Little Endian for DICOM and uncompressed
 * bulk data; for compressed image types the syntax of that family the standard names as default.
 */
export const DEFAULT_TRANSFER_SYNTAX: Readonly<Record<string, string>> = {
  'application/dicom': '1.2.840.10008.1.2.1',
  'application/octet-stream': '1.2.840.10008.1.2.1',
  'image/jpeg': '1.2.840.10008.1.2.4.50',
  'image/jls': '1.2.840.10008.1.2.4.80',
  'image/jp2': '1.2.840.10008.1.2.4.90',
  'image/jpx': '1.2.840.10008.1.2.4.92',
  'image/dicom-rle': '1.2.840.10008.1.2.5',
  // Names from before PS3.18 registered image/jls and image/dicom-rle; still sent by some clients.
  'image/x-jls': '1.2.840.10008.1.2.4.80',
  'image/x-dicom-rle': '1.2.840.10008.1.2.5',
};

/** `multipart/related; type="<part>"; transfer-syntax=<uid>`, as offered to negotiateAccept. */
export const multipartOffer = (partType: string, transferSyntax: string): string =>
  `multipart/related; type="${partType}"; transfer-syntax=${transferSyntax}`;

/** The part type and transfer syntax of an offer built by multipartOffer. */
export function parseMultipartOffer(offer: string): { partType: string; transferSyntax: string } {
  const parsed = parseMediaType(offer);
  return { partType: parsed?.params.type ?? '', transferSyntax: parsed?.params['transfer-syntax'] ?? '' };
}

/** No Accept header asks for what `*\/*` asks for: the default representation (PS3.18 §8.7.3.5.2). */
const ANYTHING: MediaRange[] = [{ mediaType: '*/*', params: {}, q: 1 }];

/**
 * Chooses a response media type (RFC 9110 §12.5.1, PS3.18 §8.7.3). `offered` lists what the
 * resource can produce in server preference order, e.g. `application/dicom+json` or
 * `multipart/related; type="application/dicom"; transfer-syntax=…`. Each offer takes the q of the
 * most specific matching range; the highest q wins, ties go to the earlier offer. A range without a
 * transfer-syntax parameter matches only an offer in the default syntax of its type.
 */
export function negotiateAccept(acceptHeader: string | undefined, offered: readonly string[]): string {
  const parsedRanges = parseAccept(acceptHeader);
  const ranges = parsedRanges.length === 0 ? ANYTHING : parsedRanges;
  let best: { offer: string; q: number } | undefined;
  for (const offer of offered) {
    const parsed = parseMediaType(offer);
    if (!parsed) throw new TypeError(`offered media type is invalid: ${offer}`);
    const q = qualityOf(parsed, ranges);
    if (q > 0 && (!best || q > best.q)) best = { offer, q };
  }
  if (!best) throw new DicomWebError('dicomweb/not-acceptable', 'none of the acceptable media types can be produced');
  return best.offer;
}

/** Parses an Accept header; syntactically invalid ranges are ignored, as RFC 9110 §12.5.1 allows. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [];
  const ranges: MediaRange[] = [];
  for (const item of splitOutsideQuotes(header, ',')) {
    if (item.trim() === '') continue;
    const parsed = parseMediaType(item);
    if (!parsed) continue;
    const { q: qText, ...params } = parsed.params;
    const q = qText === undefined ? 1 : Number(qText);
    if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qText ?? '1') || !Number.isFinite(q)) continue;
    ranges.push({ mediaType: parsed.mediaType, params, q });
  }
  return ranges;
}

function qualityOf(offer: MediaType, ranges: MediaRange[]): number {
  let best: { specificity: number; q: number } | undefined;
  for (const range of ranges) {
    const specificity = matchSpecificity(offer, range);
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best?.q ?? 0;
}

/** -1 when the range does not match; otherwise higher means more specific (RFC 9110 §12.5.1). */
function matchSpecificity(offer: MediaType, range: MediaRange): number {
  const specificity = typeSpecificity(offer, range);
  const ts = offer.params['transfer-syntax'];
  if (specificity >= 0 && ts !== undefined && range.params['transfer-syntax'] === undefined) {
    // PS3.18 §8.7.3.5.2: no parameter means the default syntax of the (part) media type.
    const part = (offer.params.type ?? offer.mediaType).toLowerCase();
    if (DEFAULT_TRANSFER_SYNTAX[part] !== ts) return -1;
  }
  return specificity;
}

function typeSpecificity(offer: MediaType, range: MediaRange): number {
  const [rType, rSub] = range.mediaType.split('/');
  const [oType, oSub] = offer.mediaType.split('/');
  if (rType === '*' && rSub === '*') return 0;
  if (rType !== oType) return -1;
  if (rSub === '*') return 1;
  if (rSub !== oSub) return -1;
  let specificity = 2;
  for (const [name, value] of Object.entries(range.params)) {
    // PS3.18 §8.7.3.5.2: transfer-syntax=* means any; other parameters must agree with the offer.
    if (name === 'transfer-syntax' && value === '*') continue;
    const offered = offer.params[name];
    if (offered === undefined || !paramEquals(name, offered, value)) return -1;
    specificity++;
  }
  return specificity;
}

function paramEquals(name: string, a: string, b: string): boolean {
  // Media-type values (the multipart `type` parameter) compare case-insensitively; UIDs exactly.
  return name === 'type' || name === 'charset' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
