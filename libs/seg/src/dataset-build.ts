import { Dataset, Vr } from '@delineo/dicom';
import type { CodedConcept } from '@delineo/models';
import { SegTag } from './tags';

/** Small builders over @delineo/dicom's Dataset for the value types a SEG needs. */

export type Text = (text: string, vr: Vr) => Buffer;

export function item(build: (d: Dataset) => void): Dataset {
  const d = new Dataset();
  build(d);
  return d;
}

export function setUs(ds: Dataset, tag: number, values: readonly number[]): void {
  const b = Buffer.allocUnsafe(2 * values.length);
  values.forEach((v, i) => b.writeUInt16LE(v, 2 * i));
  ds.set({ tag, vr: 'US', value: b });
}

export function setUl(ds: Dataset, tag: number, values: readonly number[]): void {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => b.writeUInt32LE(v, 4 * i));
  ds.set({ tag, vr: 'UL', value: b });
}

/** Attribute Tag values (PS3.5 §6.2 AT): group then element, each 16-bit little endian. */
export function setAt(ds: Dataset, tag: number, values: readonly number[]): void {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => {
    b.writeUInt16LE(v >>> 16, 4 * i);
    b.writeUInt16LE(v & 0xffff, 4 * i + 2);
  });
  ds.set({ tag, vr: 'AT', value: b });
}

/**
 * Decimal String of at most 16 characters (PS3.5 §6.2 DS): the most precise of 12…1 significant
 * digits that fits, without a negative zero.
 */
export function formatDs(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError('DS value must be finite');
  for (let p = 12; p >= 1; p--) {
    const s = String(Number(v.toPrecision(p)));
    if (s.length <= 16) return s === '-0' ? '0' : s;
  }
  return '0';
}

export function setDs(ds: Dataset, tag: number, values: readonly number[]): void {
  ds.setString(tag, 'DS', values.map(formatDs));
}

/** Tags for code values that do not fit Code Value (SH, 16 chars): PS3.3 §8.8, Table 8.8-1a. */
const LongCodeValue = 0x00080119;
const URNCodeValue = 0x00080120;

/** One Code Sequence Macro item (PS3.3 §8.8). */
export function codeItem(c: CodedConcept, text: Text): Dataset {
  const d = new Dataset();
  if (/^[a-z][a-z0-9+.-]*:/i.test(c.CodeValue)) d.set({ tag: URNCodeValue, vr: 'UR', value: text(c.CodeValue, 'UR') });
  else if (c.CodeValue.length > 16) d.set({ tag: LongCodeValue, vr: 'UC', value: text(c.CodeValue, 'UC') });
  else d.set({ tag: SegTag.CodeValue, vr: 'SH', value: text(c.CodeValue, 'SH') });
  d.set({ tag: SegTag.CodingSchemeDesignator, vr: 'SH', value: text(c.CodingSchemeDesignator, 'SH') });
  d.set({ tag: SegTag.CodeMeaning, vr: 'LO', value: text(c.CodeMeaning, 'LO') });
  return d;
}

export function readCode(d: Dataset | undefined): CodedConcept | undefined {
  if (!d) return undefined;
  const CodeValue = d.string(SegTag.CodeValue) ?? d.string(LongCodeValue) ?? d.string(URNCodeValue);
  const CodingSchemeDesignator = d.string(SegTag.CodingSchemeDesignator);
  if (!CodeValue || !CodingSchemeDesignator) return undefined;
  return { CodeValue, CodingSchemeDesignator, CodeMeaning: d.string(SegTag.CodeMeaning) ?? '' };
}

export const DCM = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'DCM',
  CodeMeaning,
});

/** DA and TM of a clock reading in local time (PS3.5 §6.2), as DICOM writers conventionally do. */
export function dateTime(now: Date): { da: string; tm: string; dt: string } {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const da = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  const tm = `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.${p(now.getMilliseconds(), 3)}`;
  return { da, tm, dt: da + tm };
}
