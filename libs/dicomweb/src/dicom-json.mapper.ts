import { Dataset, decodeSpecificCharacterSet, DicomElement, formatTag, Vr } from '@delineo/dicom';
import { DicomJsonAttribute, DicomJsonObject, DicomJsonValue, personName } from './dicom-json-attribute';

export interface DicomJsonOptions {
  /**
   * URI for a binary value; undefined inlines it. `path` locates the containing dataset as
   * [sequenceTag, itemIndex, ...] pairs, empty at the top level.
   */
  bulkDataUri?: (tag: number, path: number[]) => string | undefined;
  /** Top-level attributes to keep (QIDO includefield); all when absent. */
  includeTags?: ReadonlySet<number>;
}

/** The Specific Character Set terms in force (PS3.5 §6.1.2.5.3: items inherit their parent's). */
type Charset = readonly string[];

const BINARY_VRS = new Set<Vr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Single-valued text: a backslash is data, not a delimiter (PS3.5 §6.2). */
const SINGLE_TEXT_VRS = new Set<Vr>(['LT', 'ST', 'UT', 'UR']);
/** VRs whose characters follow Specific Character Set (PS3.5 §6.1.2.3). */
const CHARSET_VRS = new Set<Vr>(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);
const BINARY_NUMBER_VRS = new Set<Vr>(['US', 'SS', 'UL', 'SL', 'FL', 'FD']);

/**
 * Dataset → DICOM JSON model (PS3.18 Annex F.2). Numbers are JSON numbers (DS/IS parsed), PN is
 * split into component groups, AT is 8 hex digits, SQ recurses, binary VRs become BulkDataURI or
 * InlineBinary, and an empty attribute has no Value (§F.2.5). Group lengths are dropped.
 */
export function toDicomJson(ds: Dataset, opts: DicomJsonOptions = {}): DicomJsonObject {
  return mapDataset(ds, opts, [], charsetOf(ds, []), opts.includeTags);
}

function mapDataset(
  ds: Dataset,
  opts: DicomJsonOptions,
  path: number[],
  inherited: Charset,
  only?: ReadonlySet<number>,
): DicomJsonObject {
  const charset = charsetOf(ds, inherited);
  const out: DicomJsonObject = {};
  for (const el of ds.sorted()) {
    if ((el.tag & 0xffff) === 0 || el.tag >>> 16 === 0xfffe) continue;
    if (only && !only.has(el.tag)) continue;
    out[formatTag(el.tag)] = mapElement(ds, el, opts, path, charset);
  }
  return out;
}

function mapElement(
  ds: Dataset,
  el: DicomElement,
  opts: DicomJsonOptions,
  path: number[],
  charset: Charset,
): DicomJsonAttribute {
  const attr: DicomJsonAttribute = { vr: el.vr };
  if (el.vr === 'SQ') {
    const items = (el.items ?? []).map((item, i) => mapDataset(item, opts, [...path, el.tag, i], charset));
    if (items.length > 0) attr.Value = items;
    return attr;
  }
  if (BINARY_VRS.has(el.vr) || el.fragments) {
    const present = el.fragments ? el.fragments.length > 0 : (el.value?.length ?? 0) > 0;
    if (!present) return attr;
    const uri = opts.bulkDataUri?.(el.tag, path);
    if (uri !== undefined) attr.BulkDataURI = uri;
    // Encapsulated pixel data has no inline form in the JSON model; it is only ever bulk data.
    else if (!el.fragments) attr.InlineBinary = el.value!.toString('base64');
    return attr;
  }
  if (!el.value || el.value.length === 0) return attr;
  const values = mapValues(ds, el, charset);
  if (values.length > 0) attr.Value = values;
  return attr;
}

function mapValues(ds: Dataset, el: DicomElement, charset: Charset): DicomJsonValue[] {
  if (BINARY_NUMBER_VRS.has(el.vr)) return ds.numbers(el.tag).map(finiteOrNull);
  if (el.vr === 'SV' || el.vr === 'UV') return bigValues(el.value!, el.vr === 'SV');
  if (el.vr === 'AT') return tagValues(el.value!);
  const text = decode(el.value!, CHARSET_VRS.has(el.vr) ? charset : []);
  if (SINGLE_TEXT_VRS.has(el.vr)) return [text];
  const parts = text.split('\\').map((s) => (el.vr === 'UC' ? s.trimEnd() : s.trim()));
  switch (el.vr) {
    case 'DS':
    case 'IS':
      return parts.map((s) => (s === '' ? null : finiteOrNull(Number(s))));
    case 'PN':
      return parts.map((s) => (s === '' ? null : personName(s)));
    default:
      return parts.map((s) => (s === '' ? null : s));
  }
}

/** JSON has no NaN or Infinity; such values are written as null. */
function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** PS3.18 §F.2.3: 64-bit integers are Numbers when exact, else decimal strings. */
function bigValues(buf: Buffer, signed: boolean): DicomJsonValue[] {
  const out: DicomJsonValue[] = [];
  for (let o = 0; o + 8 <= buf.length; o += 8) {
    const v = signed ? buf.readBigInt64LE(o) : buf.readBigUInt64LE(o);
    const n = Number(v);
    out.push(Number.isSafeInteger(n) ? n : v.toString());
  }
  return out;
}

/** AT values are (group, element) pairs of little-endian uint16 (PS3.5 §6.2). */
function tagValues(buf: Buffer): string[] {
  const out: string[] = [];
  for (let o = 0; o + 4 <= buf.length; o += 4)
    out.push(formatTag(((buf.readUInt16LE(o) << 16) | buf.readUInt16LE(o + 2)) >>> 0));
  return out;
}

/** Strips trailing padding (space, or NUL for UI) and decodes per the character set (PS3.5 §6.2). */
function decode(buf: Buffer, charset: Charset): string {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x00 || buf[end - 1] === 0x20)) end--;
  const latin1 = buf.toString('latin1', 0, end);
  return charset.length === 0 ? latin1 : decodeSpecificCharacterSet(latin1, charset);
}

/**
 * The Specific Character Set (0008,0005) of this dataset, else its parent's: JSON strings are
 * Unicode (PS3.18 §F.2), so UTF-8, latin1 and the other single-byte sets are decoded
 * (libs/dicom charset.ts); code extensions (ISO 2022) are passed through byte for byte.
 */
function charsetOf(ds: Dataset, inherited: Charset): Charset {
  const terms = ds.strings(0x00080005);
  return terms.length === 0 ? inherited : terms;
}
