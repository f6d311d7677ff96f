import { Dataset, dictionaryVr, formatTag, tagOf, type Vr } from '@delineo/dicom';
import type { DicomJsonObject, DicomJsonValue } from '@delineo/dicomweb';
import { isControlKey, type QrIdentifier } from './qr-identifier';

const T = {
  SpecificCharacterSet: 0x00080005,
  QueryRetrieveLevel: 0x00080052,
  RetrieveAETitle: 0x00080054,
};

/**
 * The response identifier of one match (PS3.4 C.4.1.1.3.2): exactly the keys the request named,
 * each with the archive's value or empty, plus Query/Retrieve Level, Retrieve AE Title (ours: the
 * archive is retrieved from this AE) and Specific Character Set (the one QIDO-RS declares).
 * Sequence keys are answered empty: we do not match or return sequences.
 */
export function answerIdentifier(id: QrIdentifier, match: DicomJsonObject, aeTitle: string): Dataset {
  const ds = new Dataset();
  ds.setString(T.SpecificCharacterSet, 'CS', 'ISO_IR 192');
  ds.setString(T.QueryRetrieveLevel, 'CS', id.level);
  ds.setString(T.RetrieveAETitle, 'AE', aeTitle);
  for (const keyword of [...id.keys.keys(), ...id.sequences]) {
    if (isControlKey(keyword)) continue;
    const tag = tagOf(keyword)!;
    const attr = match[formatTag(tag)];
    const vr: Vr = (attr?.vr as Vr | undefined) ?? dictionaryVr(tag);
    if (vr === 'SQ') ds.setSequence(tag, []);
    else setValues(ds, tag, vr, (attr?.Value ?? []).map(text));
  }
  return ds;
}

function setValues(ds: Dataset, tag: number, vr: Vr, values: string[]): void {
  if (values.length === 0) return ds.set({ tag, vr, value: Buffer.alloc(0) });
  if (vr === 'US' || vr === 'UL') {
    const b = Buffer.alloc((vr === 'US' ? 2 : 4) * values.length);
    values.forEach((v, i) =>
      vr === 'US' ? b.writeUInt16LE(Number(v) & 0xffff, i * 2) : b.writeUInt32LE(Number(v) >>> 0, i * 4),
    );
    return ds.set({ tag, vr, value: b });
  }
  if (['SS', 'SL', 'FL', 'FD', 'OB', 'OW', 'UN', 'AT', 'SV', 'UV', 'OF', 'OD', 'OL', 'OV'].includes(vr))
    return ds.set({ tag, vr, value: Buffer.alloc(0) });
  if (UNICODE_VRS.has(vr)) {
    // The answer says ISO_IR 192, and the archive's values are Unicode: write them as UTF-8 bytes
    // (PS3.5 §6.1.2.3), padded with a space to an even length (§6.2).
    const raw = Buffer.from(values.join('\\'), 'utf8');
    return ds.set({ tag, vr, value: raw.length % 2 ? Buffer.concat([raw, Buffer.from(' ')]) : raw });
  }
  ds.setString(tag, vr, values);
}

/** VRs whose characters follow Specific Character Set (PS3.5 §6.1.2.3). */
const UNICODE_VRS = new Set<Vr>(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);

function text(v: DicomJsonValue): string {
  if (v === null) return '';
  if (typeof v === 'object') {
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
  }
  return String(v);
}
