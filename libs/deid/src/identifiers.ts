import { Dataset, Tag } from '@delineo/dicom';

/**
 * Original identifying values the re-identification vault stores (encrypted) before the engine
 * discards them. Keys are standard keywords (PS3.6); strings are decoded byte-for-byte (latin1),
 * with SpecificCharacterSet alongside so a consumer can re-encode them faithfully.
 */
export interface PatientIdentifiers {
  PatientName?: string;
  PatientID?: string;
  IssuerOfPatientID?: string;
  PatientBirthDate?: string;
  PatientSex?: string;
  PatientAge?: string;
  OtherPatientIDs?: string[];
  OtherPatientNames?: string[];
}

export interface StudyIdentifiers {
  StudyInstanceUID: string;
  StudyDate?: string;
  StudyTime?: string;
  AccessionNumber?: string;
  StudyID?: string;
  ReferringPhysicianName?: string;
  StudyDescription?: string;
}

export interface DeidIdentifiers {
  SpecificCharacterSet?: string;
  patient: PatientIdentifiers;
  study: StudyIdentifiers;
  /** pseudonym → original, for Study/Series/SOP Instance/Frame of Reference UIDs. */
  uids: Record<string, string>;
}

export interface Pseudonyms {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameOfReferenceUid?: string;
}

const OTHER_PATIENT_IDS = 0x00101000;
const OTHER_PATIENT_NAMES = 0x00101001;

/** Raw (untrimmed-inside) text of a string element; undefined when absent or empty. */
function raw(ds: Dataset, tag: number): string | undefined {
  const v = ds.strings(tag);
  const joined = v.join('\\');
  return joined === '' ? undefined : joined;
}

function list(ds: Dataset, tag: number): string[] | undefined {
  const v = ds.strings(tag).filter((s) => s !== '');
  return v.length ? v : undefined;
}

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function extractPatient(ds: Dataset): PatientIdentifiers {
  return compact({
    PatientName: raw(ds, Tag.PatientName),
    PatientID: ds.string(Tag.PatientID),
    IssuerOfPatientID: ds.string(Tag.IssuerOfPatientID),
    PatientBirthDate: ds.string(Tag.PatientBirthDate),
    PatientSex: ds.string(Tag.PatientSex),
    PatientAge: ds.string(Tag.PatientAge),
    OtherPatientIDs: list(ds, OTHER_PATIENT_IDS),
    OtherPatientNames: list(ds, OTHER_PATIENT_NAMES),
  });
}

export function extractStudy(ds: Dataset, studyInstanceUid: string): StudyIdentifiers {
  return compact({
    StudyInstanceUID: studyInstanceUid,
    StudyDate: ds.string(Tag.StudyDate),
    StudyTime: ds.string(Tag.StudyTime),
    AccessionNumber: ds.string(Tag.AccessionNumber),
    StudyID: ds.string(Tag.StudyID),
    ReferringPhysicianName: raw(ds, Tag.ReferringPhysicianName),
    StudyDescription: raw(ds, Tag.StudyDescription),
  });
}
