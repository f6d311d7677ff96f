import { Dataset, Tag } from '@delineo/dicom';
import { DeidError } from './errors';
import { DeidIdentifiers, extractPatient, extractStudy, Pseudonyms, StudyIdentifiers } from './identifiers';
import { DeidOptions, methodCodes, resolveOptions } from './options';
import { computePatientAge } from './patient-age';
import { dateShiftDays, patientKey, patientPseudonym, pseudonymizeUid } from './pseudonyms';
import { compileRules } from './rules';
import { denyWords } from './values';
import { walkDataset } from './walk';

export interface DeidKeys {
  /** Per-project secret (≥ 16 bytes) keying every pseudonym, UID and date shift. */
  projectKey: Buffer;
}

export interface DeidResult {
  /** The input dataset, edited in place (pixel data elements are untouched, never copied). */
  dataset: Dataset;
  identifiers: DeidIdentifiers;
  pseudonyms: Pseudonyms;
  /** Applied day offset; undefined when Retain Longitudinal Modified Dates is off. */
  dateShiftDays?: number;
  /** True when the instance may carry burned-in text and was accepted under 'accept-flagged'. */
  burnedInAnnotationFlagged: boolean;
}

/** Modalities that commonly burn text into pixels; absent (0028,0301) is treated as YES for them. */
export const BURNED_IN_RISK_MODALITIES: ReadonlySet<string> = new Set(['US', 'SC', 'OT', 'XC', 'ES']);

const AGE_REFERENCE_TAGS = [Tag.StudyDate, Tag.SeriesDate, 0x00080022 /* AcquisitionDate */, Tag.ContentDate];
const OTHER_NAME_TAGS = [Tag.InstitutionName, 0x00081050 /* PerformingPhysicianName */, 0x00081070 /* OperatorsName */];

function requireUid(ds: Dataset, tag: number, keyword: string): string {
  const uid = ds.string(tag);
  if (!uid) throw new DeidError('deid/missing-uid', `dataset has no ${keyword}`);
  return uid;
}

function burnedIn(ds: Dataset): boolean {
  const flag = ds.string(Tag.BurnedInAnnotation);
  if (flag !== undefined) return flag.toUpperCase() === 'YES';
  return BURNED_IN_RISK_MODALITIES.has(ds.string(Tag.Modality) ?? '');
}

/**
 * De-identifies one instance per PS3.15 Annex E (Basic Profile + the chosen options), IN PLACE:
 * the caller hands over a freshly parsed dataset and keeps only the result. Everything the vault
 * needs is captured before any value is discarded.
 */
export function deidentify(dataset: Dataset, options: Partial<DeidOptions>, keys: DeidKeys): DeidResult {
  const opts = resolveOptions(options);
  const { projectKey } = keys;
  const studyUid = requireUid(dataset, Tag.StudyInstanceUID, 'StudyInstanceUID');
  const seriesUid = requireUid(dataset, Tag.SeriesInstanceUID, 'SeriesInstanceUID');
  const sopUid = requireUid(dataset, Tag.SOPInstanceUID, 'SOPInstanceUID');
  const forUid = dataset.string(Tag.FrameOfReferenceUID);
  const flagged = burnedIn(dataset);
  if (flagged && opts.burnedInAnnotation === 'reject') {
    throw new DeidError('deid/burned-in-annotation', 'pixel data may carry burned-in annotation (0028,0301)');
  }

  const patient = extractPatient(dataset);
  const study = extractStudy(dataset, studyUid);
  // Without a Patient ID there is nothing to link studies by; each study becomes its own patient.
  const identity = patient.PatientID ? patientKey(patient.PatientID, patient.IssuerOfPatientID) : `study:${studyUid}`;
  const pseudoPatientId = patientPseudonym(projectKey, identity);
  const shiftDays = opts.retainLongitudinalModifiedDates ? dateShiftDays(projectKey, identity) : undefined;
  if (opts.retainPatientCharacteristics && !patient.PatientAge) addPatientAge(dataset, patient.PatientBirthDate);
  const otherNames = OTHER_NAME_TAGS.map((t) => dataset.strings(t).join(' '));
  let deny: Set<string> | undefined;

  walkDataset(dataset, {
    rules: compileRules(opts),
    projectKey,
    shiftDays,
    uidCache: new Map(),
    deny: () =>
      (deny ??= denyWords([...Object.values(patient).flat(), ...identifyingStudyValues(study), ...otherNames])),
  });

  // Patient ID and Name become the keyed pseudonym (a D with a stable dummy, PS3.15 §E.1.1 Z/D, Z),
  // so one patient's studies stay linkable without the vault.
  dataset.setString(Tag.PatientID, 'LO', pseudoPatientId);
  dataset.setString(Tag.PatientName, 'PN', pseudoPatientId);
  markDeidentified(dataset, opts, shiftDays !== undefined, flagged);

  const pseudo = (uid: string): string => (opts.retainUids ? uid : pseudonymizeUid(projectKey, uid));
  const pseudonyms: Pseudonyms = {
    patientId: pseudoPatientId,
    studyInstanceUid: pseudo(studyUid),
    seriesInstanceUid: pseudo(seriesUid),
    sopInstanceUid: pseudo(sopUid),
    ...(forUid ? { frameOfReferenceUid: pseudo(forUid) } : {}),
  };
  const uids: Record<string, string> = {};
  for (const uid of [studyUid, seriesUid, sopUid, forUid]) if (uid) uids[pseudo(uid)] = uid;
  const identifiers: DeidIdentifiers = { patient, study, uids };
  const charset = dataset.strings(Tag.SpecificCharacterSet).join('\\');
  if (charset) identifiers.SpecificCharacterSet = charset;
  return { dataset, identifiers, pseudonyms, dateShiftDays: shiftDays, burnedInAnnotationFlagged: flagged };
}

/** Study values that identify (a descriptor is not an identifier to scrub from other descriptors). */
function identifyingStudyValues(s: StudyIdentifiers): (string | undefined)[] {
  return [s.AccessionNumber, s.StudyID, s.ReferringPhysicianName];
}

/** PS3.15 §E.3.8: age is derived before Patient's Birth Date is zeroed. */
function addPatientAge(ds: Dataset, birthDate: string | undefined): void {
  if (!birthDate) return;
  for (const tag of AGE_REFERENCE_TAGS) {
    const ref = ds.string(tag);
    if (!ref) continue;
    const age = computePatientAge(birthDate, ref);
    if (age) ds.setString(Tag.PatientAge, 'AS', age);
    return;
  }
}

/** Patient Identity Removed, De-identification Method (+ Code Sequence) per PS3.3 C.7.1.1. */
function markDeidentified(ds: Dataset, opts: DeidOptions, shifted: boolean, flagged: boolean): void {
  const codes = methodCodes(opts);
  ds.setString(Tag.PatientIdentityRemoved, 'CS', 'YES');
  ds.setString(Tag.DeidentificationMethod, 'LO', ['DELINEO PS3.15 E.1', ...codes.map((c) => c.CodeMeaning)]);
  ds.setSequence(
    Tag.DeidentificationMethodCodeSequence,
    codes.map((c) => {
      const item = new Dataset();
      item.setString(Tag.CodeValue, 'SH', c.CodeValue);
      item.setString(Tag.CodingSchemeDesignator, 'SH', c.CodingSchemeDesignator);
      item.setString(Tag.CodeMeaning, 'LO', c.CodeMeaning);
      return item;
    }),
  );
  // PS3.3 C.7.1.1: MODIFIED when dates were shifted, REMOVED when the Basic Profile dropped them.
  ds.setString(Tag.LongitudinalTemporalInformationModified, 'CS', shifted ? 'MODIFIED' : 'REMOVED');
  if (flagged) ds.setString(Tag.BurnedInAnnotation, 'CS', 'YES');
}
