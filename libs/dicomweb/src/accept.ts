import { DicomWebError } from './errors';
import { MediaType, parseMediaType, splitOutsideQuotes } from './media-type';

interface MediaRange extends MediaType {
  q: number;
}

/**
 * Chooses a response media type (RFC 9110 §12.5.1, PS3.18 §8.7.3). `offered` lists what the
 * resource can produce in server preference order, e.g. `application/dicom+json` or
 * `multipart/related; type="application/dicom"`. Each offer takes the q of the most specific
 * matching range; the highest q wins, ties go to the earlier offer. No header means "anything".
 */
export function negotiateAccept(acceptHeader: string | undefined, offered: readonly string[]): string {
  const ranges = parseAccept(acceptHeader);
  let best: { offer: string; q: number } | undefined;
  for (const offer of offered) {
    const parsed = parseMediaType(offer);
    if (!parsed) throw new TypeError(`offered media type is invalid: ${offer}`);
    const q = ranges.length === 0 ? 1 : qualityOf(parsed, ranges);
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
