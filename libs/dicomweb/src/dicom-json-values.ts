import { DicomError, paddingByte, parseTag, type Vr } from '@delineo/dicom';

const malformed = (what: string): DicomError => new DicomError('dicom/malformed', `DICOM JSON: ${what}`);

/** Single-valued text: a backslash is data, not a delimiter (PS3.5 §6.2). */
const SINGLE_TEXT_VRS = new Set<Vr>(['LT', 'ST', 'UT', 'UR']);

/** Binary numbers (PS3.5 Table 6.2-1): bytes per value and the little-endian writer. */
const BINARY_NUMBERS: Partial<Record<Vr, [number, (b: Buffer, v: number, o: number) => void, number, number]>> = {
  US: [2, (b, v, o) => b.writeUInt16LE(v, o), 0, 0xffff],
  SS: [2, (b, v, o) => b.writeInt16LE(v, o), -0x8000, 0x7fff],
  UL: [4, (b, v, o) => b.writeUInt32LE(v, o), 0, 0xffffffff],
  SL: [4, (b, v, o) => b.writeInt32LE(v, o), -0x80000000, 0x7fffffff],
  FL: [4, (b, v, o) => b.writeFloatLE(v, o), -Infinity, Infinity],
  FD: [8, (b, v, o) => b.writeDoubleLE(v, o), -Infinity, Infinity],
};

/** Values of one attribute as encoded bytes; `nonAscii` tells the caller to label the text UTF-8. */
export interface EncodedValue {
  value: Buffer;
  nonAscii: boolean;
}

/**
 * The Value array of a non-sequence attribute (PS3.18 §F.2.3–F.2.5) → its value bytes. Text is
 * written as UTF-8, which is byte-identical to every DICOM character set for ASCII; the reader
 * labels the dataset ISO_IR 192 when anything else occurs (JSON is Unicode, RFC 8259 §8.1).
 */
export function encodeValues(vr: Vr, values: unknown[]): EncodedValue {
  const numbers = BINARY_NUMBERS[vr];
  if (numbers) return { value: binaryNumbers(values, ...numbers), nonAscii: false };
  if (vr === 'SV' || vr === 'UV') return { value: bigValues(values, vr === 'SV'), nonAscii: false };
  if (vr === 'AT') return { value: tagValues(values), nonAscii: false };
  if (SINGLE_TEXT_VRS.has(vr) && values.length > 1) throw malformed(`${vr} has one value only`);
  const texts = values.map((v) => textOf(vr, v));
  const text = texts.join('\\');
  const raw = Buffer.from(text, 'utf8');
  // Even length, padded as on the wire (PS3.5 §6.2): the dataset is then what a parse would give.
  const value = raw.length % 2 === 0 ? raw : Buffer.concat([raw, Buffer.from([paddingByte(vr)])]);
  // eslint-disable-next-line no-control-regex
  return { value, nonAscii: /[^\x00-\x7f]/.test(text) };
}

function textOf(vr: Vr, v: unknown): string {
  if (v === null) return '';
  switch (vr) {
    case 'DS':
      if (typeof v === 'number' && Number.isFinite(v)) return decimalString(v);
      break;
    case 'IS':
      if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 0x7fffffff) return String(v);
      break;
    case 'PN':
      if (typeof v === 'object' && !Array.isArray(v)) return personNameText(v);
      break;
    default:
      if (typeof v === 'string') return v;
      throw malformed(`a ${vr} value must be a string`);
  }
  // Numbers sent as strings by some clients: kept as sent, as the binary parser would.
  if (typeof v === 'string' && vr !== 'PN') return v.trim();
  if (typeof v === 'string') return v;
  throw malformed(`a ${vr} value is of the wrong JSON type`);
}

/** PS3.18 §F.2.2: component groups joined by "=", trailing empty groups dropped (PS3.5 §6.2.1). */
function personNameText(v: object): string {
  const pn = v as Record<string, unknown>;
  const groups = [pn.Alphabetic, pn.Ideographic, pn.Phonetic].map((g) => {
    if (g === undefined || g === null) return '';
    if (typeof g !== 'string') throw malformed('a PN component group must be a string');
    return g;
  });
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

/** DS holds at most 16 bytes (PS3.5 Table 6.2-1): the shortest rendering that fits. */
export function decimalString(n: number): string {
  const plain = String(n);
  if (plain.length <= 16) return plain;
  for (let p = 16; p >= 1; p--) {
    const s = String(Number(n.toPrecision(p)));
    if (s.length <= 16) return s;
  }
  throw malformed('a DS value cannot be written in 16 characters');
}

function binaryNumbers(
  values: unknown[],
  size: number,
  write: (b: Buffer, v: number, o: number) => void,
  min: number,
  max: number,
): Buffer {
  const out = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    const integral = Number.isFinite(min);
    if (typeof n !== 'number' || Number.isNaN(n) || n < min || n > max || (integral && !Number.isInteger(n))) {
      throw malformed('a binary number is missing, not a number or out of range');
    }
    write(out, n, i * size);
  });
  return out;
}

/** PS3.18 §F.2.3: SV and UV come as Numbers when exact, otherwise as decimal strings. */
function bigValues(values: unknown[], signed: boolean): Buffer {
  const out = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => {
    let b: bigint;
    try {
      if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
      else if (typeof v === 'string' && /^-?\d{1,20}$/.test(v.trim())) b = BigInt(v.trim());
      else throw malformed('a 64-bit integer is missing or not an integer');
      if (signed) out.writeBigInt64LE(b, i * 8);
      else out.writeBigUInt64LE(b, i * 8);
    } catch (err) {
      throw err instanceof DicomError ? err : malformed('a 64-bit integer is out of range');
    }
  });
  return out;
}

/** AT values are "GGGGEEEE" strings (§F.2.3), written as two little-endian uint16 (PS3.5 §6.2). */
function tagValues(values: unknown[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !/^[0-9A-Fa-f]{8}$/.test(v)) throw malformed('an AT value is not 8 hex digits');
    const tag = parseTag(v);
    out.writeUInt16LE(tag >>> 16, i * 4);
    out.writeUInt16LE(tag & 0xffff, i * 4 + 2);
  });
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** PS3.18 §F.2.7: InlineBinary is base64 (RFC 4648 §4); anything else is refused, not skipped. */
export function decodeInlineBinary(text: unknown): Buffer {
  if (typeof text !== 'string' || !BASE64.test(text)) throw malformed('InlineBinary is not base64');
  return Buffer.from(text, 'base64');
}

/** Value bytes per value of the binary VRs; a length that is not a multiple is malformed. */
const UNIT: Partial<Record<Vr, number>> = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 };

export function checkBinaryLength(vr: Vr, value: Buffer): void {
  const unit = UNIT[vr] ?? BINARY_NUMBERS[vr]?.[0] ?? (vr === 'SV' || vr === 'UV' ? 8 : vr === 'AT' ? 4 : 1);
  if (value.length % unit !== 0) throw malformed(`a ${vr} value is not a whole number of values`);
}
