import { Dataset, tagOf } from '@delineo/dicom';
import { SegError } from './errors';
import { SegTag } from './tags';

/**
 * Attributes a derived instance shares with its source (PS3.3 §A.51, Table A.51-1): the Patient,
 * Clinical Trial Subject, General Study, Patient Study, Clinical Trial Study and Frame of Reference
 * Modules, plus the de-identification record (PS3.15 §E.1.1) and Body Part Examined (General Series).
 * Copied as they are, so the SEG files under the same Patient and Study in every archive.
 */
export const COPIED_KEYWORDS: readonly string[] = [
  // Patient (PS3.3 §C.7.1.1) and Clinical Trial Subject (§C.7.1.3)
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'TypeOfPatientID',
  'PatientBirthDate',
  'PatientBirthTime',
  'PatientSex',
  'OtherPatientIDsSequence',
  'OtherPatientNames',
  'EthnicGroup',
  'PatientComments',
  'PatientSpeciesDescription',
  'PatientSpeciesCodeSequence',
  'PatientBreedDescription',
  'PatientBreedCodeSequence',
  'BreedRegistrationSequence',
  'ResponsiblePerson',
  'ResponsiblePersonRole',
  'ResponsibleOrganization',
  'QualityControlSubject',
  'PatientIdentityRemoved',
  'DeidentificationMethod',
  'DeidentificationMethodCodeSequence',
  'ClinicalTrialSponsorName',
  'ClinicalTrialProtocolID',
  'ClinicalTrialProtocolName',
  'ClinicalTrialSiteID',
  'ClinicalTrialSiteName',
  'ClinicalTrialSubjectID',
  'ClinicalTrialSubjectReadingID',
  // General Study (§C.7.2.1), Patient Study (§C.7.2.2), Clinical Trial Study (§C.7.2.3)
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'ReferringPhysicianIdentificationSequence',
  'ConsultingPhysicianName',
  'StudyID',
  'AccessionNumber',
  'IssuerOfAccessionNumberSequence',
  'StudyDescription',
  'PhysiciansOfRecord',
  'NameOfPhysiciansReadingStudy',
  'RequestingServiceCodeSequence',
  'ReferencedStudySequence',
  'ProcedureCodeSequence',
  'ReasonForPerformedProcedureCodeSequence',
  'AdmittingDiagnosesDescription',
  'AdmittingDiagnosesCodeSequence',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  'PatientBodyMassIndex',
  'MeasuredAPDimension',
  'MeasuredLateralDimension',
  'MedicalAlerts',
  'Allergies',
  'SmokingStatus',
  'PregnancyStatus',
  'LastMenstrualDate',
  'PatientState',
  'Occupation',
  'AdditionalPatientHistory',
  'AdmissionID',
  'PatientSexNeutered',
  'ReasonForVisit',
  'ReasonForVisitCodeSequence',
  'ClinicalTrialTimePointID',
  'ClinicalTrialTimePointDescription',
  'ConsentForClinicalTrialUseSequence',
  // Frame of Reference (§C.7.4.1), General Series (§C.7.3.1), SOP Common (§C.12.1)
  'FrameOfReferenceUID',
  'PositionReferenceIndicator',
  'BodyPartExamined',
  'LongitudinalTemporalInformationModified',
];

/** Type 2 attributes of those modules: present, empty when the source lacks them (PS3.5 §7.4). */
const TYPE2: readonly [number, 'PN' | 'LO' | 'DA' | 'CS' | 'TM' | 'SH'][] = [
  [0x00100010, 'PN'],
  [0x00100020, 'LO'],
  [0x00100030, 'DA'],
  [0x00100040, 'CS'],
  [0x00080020, 'DA'],
  [0x00080030, 'TM'],
  [0x00080090, 'PN'],
  [0x00200010, 'SH'],
  [0x00080050, 'SH'],
  [SegTag.PositionReferenceIndicator, 'LO'],
];

let resolved: number[] | undefined;

/** COPIED_KEYWORDS as tags, resolved once through the PS3.6 dictionary. */
export function copiedTags(): number[] {
  resolved ??= COPIED_KEYWORDS.map((k) => tagOf(k)).filter((t): t is number => t !== undefined);
  return resolved;
}

/** Copies the shared modules of `header` into `out`; refuses a header without Study or Frame of Reference. */
export function copySourceModules(header: Dataset, out: Dataset): void {
  for (const [tag, name] of [
    [SegTag.StudyInstanceUID, 'StudyInstanceUID'],
    [SegTag.FrameOfReferenceUID, 'FrameOfReferenceUID'],
  ] as const) {
    if (!header.string(tag)) {
      throw new SegError('seg/missing-source-attribute', `source header lacks ${name} (PS3.3 §C.7.2.1, §C.7.4.1)`);
    }
  }
  for (const tag of copiedTags()) {
    const el = header.get(tag);
    // None of the copied sequences is Type 2: an empty one breaks its "one or more Items" rule.
    if (el && !(el.items && el.items.length === 0)) out.set(el);
  }
  for (const [tag, vr] of TYPE2) if (!out.has(tag)) out.set({ tag, vr, value: Buffer.alloc(0) });
}
