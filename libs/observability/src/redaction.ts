/**
 * Keys that may carry dataset values. Each is redacted at the top level and up to two levels deep
 * (pino's `*` wildcard matches one level). DICOM keywords follow PS3.6; the list is a net, not the
 * primary defence: code must not log datasets in the first place (STYLE.md "Avoid").
 */
export const PHI_KEYS = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientBirthTime',
  'PatientSex',
  'PatientAge',
  'PatientAddress',
  'PatientTelephoneNumbers',
  'OtherPatientIDs',
  'OtherPatientNames',
  'PatientMotherBirthName',
  'IssuerOfPatientID',
  'AccessionNumber',
  'StudyID',
  'ReferringPhysicianName',
  'PerformingPhysicianName',
  'OperatorsName',
  'InstitutionName',
  'InstitutionAddress',
  'StudyDescription',
  'SeriesDescription',
  'StudyInstanceUID',
  'SeriesInstanceUID',
  'SOPInstanceUID',
  'StudyDate',
  'SeriesDate',
  'AcquisitionDate',
  'ContentDate',
  'StudyTime',
  'DeviceSerialNumber',
  'StationName',
  // generic carriers
  'dataset',
  'datasets',
  'header',
  'value',
  'values',
  'Value',
  'elements',
  'pixelData',
  'PixelData',
  'body',
  'payload',
  'identifiers',
  'original',
  'password',
  'secret',
  'token',
  'projectKey',
  'vaultKeys',
] as const;

const NESTED_ONLY = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function redactPaths(extra: readonly string[] = []): string[] {
  const out = new Set<string>(NESTED_ONLY);
  for (const key of PHI_KEYS) {
    out.add(key);
    out.add(`*.${key}`);
    out.add(`*.*.${key}`);
  }
  for (const p of extra) out.add(p);
  return [...out];
}

export const REDACTED = '[redacted]';
