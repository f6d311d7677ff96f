import type { Identifier, Patient } from '@medplum/fhirtypes';
import { MEDICAL_RECORD_TYPE } from './codes';
import { administrativeGender, fhirDate, humanName, isAbsoluteUri, oidSystem } from './dicom-values.mapper';
import { FhirError } from './errors';
import type { PatientInput } from './report-input';

/**
 * PatientID as a FHIR Identifier. A system is required: the Patient is created conditionally on
 * `identifier=system|value`, and a bare value would match a patient with the same number in any
 * other namespace (https://hl7.org/fhir/R4/search.html#token), i.e. the wrong patient.
 */
export function patientIdentifier(p: PatientInput): Identifier {
  const issuer = p.issuer?.trim();
  const fromIssuer = issuer ? (oidSystem(issuer) ?? (isAbsoluteUri(issuer) ? issuer : undefined)) : undefined;
  const system = p.identifierSystem ?? fromIssuer;
  if (!system) {
    throw new FhirError(
      'fhir/missing-identifier-system',
      'patient identifier has no system: set the destination identifier system, or send an IssuerOfPatientID that is an OID or a URI',
    );
  }
  const identifier: Identifier = { use: 'usual', type: MEDICAL_RECORD_TYPE, system, value: p.id.trim() };
  // A free-text issuer still tells a human who assigned the number (Identifier.assigner).
  if (issuer && issuer !== system && `urn:oid:${issuer}` !== system) identifier.assigner = { display: issuer };
  return identifier;
}

/**
 * The Patient as DICOM knows it. It is only written when the EHR has no patient with this
 * identifier (conditional create); an existing record is never touched.
 */
export function patientResource(p: PatientInput): Patient {
  const patient: Patient = { resourceType: 'Patient', identifier: [patientIdentifier(p)] };
  const name = p.name ? humanName(p.name) : undefined;
  if (name) patient.name = [name];
  const birthDate = p.birthDate?.trim() ? fhirDate(p.birthDate) : undefined;
  if (birthDate) patient.birthDate = birthDate;
  const gender = p.sex !== undefined ? administrativeGender(p.sex) : undefined;
  if (gender) patient.gender = gender;
  return patient;
}
