/**
 * The whitelist of QIDO-RS matching keys: user input selects a key here and only ever reaches
 * SQL as a bound parameter. Keys without a column of their own read the level's de-identified
 * attributes JSON (migration QidoAttributes).
 */
export interface QidoColumn {
  sql: string;
  /** pn: case-insensitive (PS3.18 §8.3.4.6); da/tm: range-capable text; modalities/sequence: special. */
  kind: 'text' | 'int' | 'pn' | 'da' | 'tm' | 'modalities' | 'sequence';
}

const studyJson = (k: string): QidoColumn['sql'] => `("st"."attributes"->>'${k}')`;
const seriesJson = (k: string): QidoColumn['sql'] => `("se"."attributes"->>'${k}')`;

export const QIDO_COLUMNS = {
  StudyInstanceUID: { sql: '"st"."study_instance_uid"', kind: 'text' },
  PatientID: { sql: '"p"."pseudo_patient_id"', kind: 'text' },
  PatientName: { sql: studyJson('PatientName'), kind: 'pn' },
  PatientBirthDate: { sql: studyJson('PatientBirthDate'), kind: 'da' },
  PatientSex: { sql: studyJson('PatientSex'), kind: 'text' },
  StudyDate: { sql: '"st"."study_date"', kind: 'da' },
  StudyTime: { sql: '"st"."study_time"', kind: 'tm' },
  AccessionNumber: { sql: '"st"."accession_number"', kind: 'text' },
  StudyDescription: { sql: '"st"."study_description"', kind: 'text' },
  StudyID: { sql: studyJson('StudyID'), kind: 'text' },
  ReferringPhysicianName: { sql: studyJson('ReferringPhysicianName'), kind: 'pn' },
  ModalitiesInStudy: { sql: '"st"."modalities_in_study"', kind: 'modalities' },
  SeriesInstanceUID: { sql: '"se"."series_instance_uid"', kind: 'text' },
  Modality: { sql: '"se"."modality"', kind: 'text' },
  SeriesNumber: { sql: '"se"."series_number"', kind: 'int' },
  SeriesDescription: { sql: '"se"."series_description"', kind: 'text' },
  BodyPartExamined: { sql: '"se"."body_part_examined"', kind: 'text' },
  PerformedProcedureStepStartDate: { sql: seriesJson('PerformedProcedureStepStartDate'), kind: 'da' },
  PerformedProcedureStepStartTime: { sql: seriesJson('PerformedProcedureStepStartTime'), kind: 'tm' },
  RequestAttributesSequence: { sql: `("se"."attributes"->'RequestAttributesSequence')`, kind: 'sequence' },
  SOPInstanceUID: { sql: '"i"."sop_instance_uid"', kind: 'text' },
  SOPClassUID: { sql: '"i"."sop_class_uid"', kind: 'text' },
  InstanceNumber: { sql: '"i"."instance_number"', kind: 'int' },
} as const satisfies Record<string, QidoColumn>;

export type QidoKey = keyof typeof QIDO_COLUMNS;

/** Keys inside RequestAttributesSequence items that sequence matching reads (PS3.18 Table 10.6.1-6). */
export const SEQUENCE_ITEM_KEYS: readonly string[] = ['ScheduledProcedureStepID', 'RequestedProcedureID'];

export const QIDO_STUDY_KEYS: readonly QidoKey[] = [
  'StudyInstanceUID',
  'PatientID',
  'PatientName',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'StudyDescription',
  'StudyID',
  'ReferringPhysicianName',
  'ModalitiesInStudy',
];
export const QIDO_SERIES_KEYS: readonly QidoKey[] = [
  ...QIDO_STUDY_KEYS,
  'SeriesInstanceUID',
  'Modality',
  'SeriesNumber',
  'SeriesDescription',
  'BodyPartExamined',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'RequestAttributesSequence',
];
export const QIDO_INSTANCE_KEYS: readonly QidoKey[] = [
  ...QIDO_SERIES_KEYS,
  'SOPInstanceUID',
  'SOPClassUID',
  'InstanceNumber',
];
