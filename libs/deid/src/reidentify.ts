import { Dataset, Tag } from '@delineo/dicom';
import type { DeidIdentifiers } from './identifiers';

export interface ReidentifyOptions {
  /** Vault records of the source instances the derived object references (at least one). */
  identifiers: readonly DeidIdentifiers[];
  /** New UIDs of the re-identified object itself (it is a new instance in the hospital's study). */
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** Creation date-time of the delivered object (the real clock, local time as DICOM DA/TM are; the research copy used shifted dates). */
  now: Date;
}

const PATIENT: [keyof DeidIdentifiers['patient'], number, 'PN' | 'LO' | 'DA' | 'CS' | 'AS'][] = [
  ['PatientName', Tag.PatientName, 'PN'],
  ['PatientID', Tag.PatientID, 'LO'],
  ['IssuerOfPatientID', Tag.IssuerOfPatientID, 'LO'],
  ['PatientBirthDate', Tag.PatientBirthDate, 'DA'],
  ['PatientSex', Tag.PatientSex, 'CS'],
  ['PatientAge', Tag.PatientAge, 'AS'],
];
const STUDY: [keyof DeidIdentifiers['study'], number, 'UI' | 'DA' | 'TM' | 'SH' | 'PN' | 'LO'][] = [
  ['StudyInstanceUID', Tag.StudyInstanceUID, 'UI'],
  ['StudyDate', Tag.StudyDate, 'DA'],
  ['StudyTime', Tag.StudyTime, 'TM'],
  ['AccessionNumber', Tag.AccessionNumber, 'SH'],
  ['StudyID', Tag.StudyID, 'SH'],
  ['ReferringPhysicianName', Tag.ReferringPhysicianName, 'PN'],
  ['StudyDescription', Tag.StudyDescription, 'LO'],
];
/** Type 2 in the Patient and General Study modules (PS3.3 §C.7.1.1, §C.7.2.1): present, maybe empty. */
const TYPE2 = new Set<number>([
  Tag.PatientName,
  Tag.PatientID,
  Tag.PatientBirthDate,
  Tag.PatientSex,
  Tag.StudyDate,
  Tag.StudyTime,
  Tag.AccessionNumber,
  Tag.StudyID,
  Tag.ReferringPhysicianName,
]);
const DEID_MARKERS = [Tag.PatientIdentityRemoved, Tag.DeidentificationMethod, Tag.DeidentificationMethodCodeSequence];
const CREATION = [
  [Tag.InstanceCreationDate, Tag.InstanceCreationTime],
  [Tag.SeriesDate, Tag.SeriesTime],
  [Tag.ContentDate, Tag.ContentTime],
] as const;

/**
 * Turns an object derived from de-identified data (a SEG) back into one that belongs to the
 * ORIGINAL study: Patient module and General Study attributes from the vault, every pseudonymized
 * UID it references (study, series, SOP instances, frame of reference) back to the original, new
 * UIDs for itself, and the de-identification markers removed. In memory only: the caller sends the
 * result and never stores it.
 */
export function reidentify(ds: Dataset, opts: ReidentifyOptions): Dataset {
  const [first] = opts.identifiers;
  if (!first) throw new Error('reidentify needs at least one vault record');
  const uids = new Map<string, string>();
  for (const rec of opts.identifiers)
    for (const [pseudo, original] of Object.entries(rec.uids)) uids.set(pseudo, original);
  mapUids(ds, uids);
  if (first.SpecificCharacterSet) ds.setString(Tag.SpecificCharacterSet, 'CS', first.SpecificCharacterSet.split('\\'));
  for (const [key, tag, vr] of PATIENT) put(ds, tag, vr, first.patient[key] as string | undefined);
  for (const [key, tag, vr] of STUDY) put(ds, tag, vr, first.study[key]);
  for (const tag of DEID_MARKERS) ds.delete(tag);
  ds.setString(Tag.SeriesInstanceUID, 'UI', opts.seriesInstanceUid);
  ds.setString(Tag.SOPInstanceUID, 'UI', opts.sopInstanceUid);
  const [date, time] = dicomDateTime(opts.now);
  for (const [d, t] of CREATION) {
    if (!ds.has(d)) continue;
    ds.setString(d, 'DA', date);
    ds.setString(t, 'TM', time);
  }
  return ds;
}

function put(ds: Dataset, tag: number, vr: Parameters<Dataset['setString']>[1], value: string | undefined): void {
  if (value !== undefined && value !== '') ds.setString(tag, vr, value);
  else if (TYPE2.has(tag)) ds.setString(tag, vr, '');
  else ds.delete(tag);
}

/** Every UI value, at any depth, that is a known pseudonym becomes its original. */
function mapUids(ds: Dataset, uids: Map<string, string>): void {
  for (const tag of ds.tags()) {
    const el = ds.get(tag)!;
    if (el.items) for (const item of el.items) mapUids(item, uids);
    else if (el.vr === 'UI') {
      const values = ds.strings(tag);
      const mapped = values.map((v) => uids.get(v) ?? v);
      if (mapped.some((v, i) => v !== values[i])) ds.setString(tag, 'UI', mapped);
    }
  }
}

function dicomDateTime(d: Date): [string, string] {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return [
    `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`,
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`,
  ];
}
