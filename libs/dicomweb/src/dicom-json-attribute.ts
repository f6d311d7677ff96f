import { formatTag, Vr } from '@delineo/dicom';

/** PS3.18 §F.2.2: a Person Name value is an object with up to three component groups. */
export interface DicomJsonPersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/** One element of a Value array; null marks an empty value within a multi-valued attribute. */
export type DicomJsonValue = string | number | null | DicomJsonPersonName | DicomJsonObject;

/** PS3.18 §F.2.2: `vr` plus at most one of Value, BulkDataURI, InlineBinary. */
export interface DicomJsonAttribute {
  vr: Vr;
  Value?: DicomJsonValue[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** PS3.18 §F.2.1: attributes keyed by the tag as 8 uppercase hex digits. */
export type DicomJsonObject = { [tag: string]: DicomJsonAttribute };

/**
 * One attribute as a spreadable object, for hand-built response bodies (STOW responses, QIDO
 * computed attributes). PN strings are split into component groups; an empty or missing value
 * list omits Value (PS3.18 §F.2.5).
 */
export function dicomJsonAttribute(tag: number, vr: Vr, values?: readonly DicomJsonValue[]): DicomJsonObject {
  const attr: DicomJsonAttribute = { vr };
  if (values && values.length > 0) {
    attr.Value = vr === 'PN' ? values.map((v) => (typeof v === 'string' ? personName(v) : v)) : [...values];
  }
  return { [formatTag(tag)]: attr };
}

/** PS3.5 §6.2.1: "=" separates the alphabetic, ideographic and phonetic groups. */
export function personName(value: string): DicomJsonPersonName | null {
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const pn: DicomJsonPersonName = {};
  if (alphabetic) pn.Alphabetic = alphabetic;
  if (ideographic) pn.Ideographic = ideographic;
  if (phonetic) pn.Phonetic = phonetic;
  return Object.keys(pn).length > 0 ? pn : null;
}
