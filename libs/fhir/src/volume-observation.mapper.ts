import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import {
  dicomCoding,
  IMAGING_CATEGORY,
  PROFILE_URLS,
  STRUCTURE_LATERALITY_URL,
  UCUM_ML,
  VOLUME_CODE,
  VOXEL_COUNT_CODE,
} from './codes';
import type { SegmentLabel, SegmentVolume } from './report-input';

/** Fullurls of the resources an Observation points at. */
export interface ObservationRefs {
  patient: string;
  imagingStudy: string;
  device: string;
}

export interface ObservationContext {
  refs: ObservationRefs;
  effective?: string;
  issued: string;
}

/**
 * bodySite is the Segmented Property Type. Laterality (the type modifier, CID 244) is not
 * pre-coordinated in it, so it rides in the structure-laterality extension rather than as a
 * second coding: codings of one CodeableConcept must all mean the same thing
 * (https://hl7.org/fhir/R4/datatypes.html#CodeableConcept).
 */
export function bodySite(label: SegmentLabel): CodeableConcept {
  const laterality = label.modifier && dicomCoding(label.modifier);
  return {
    ...(laterality
      ? { extension: [{ url: STRUCTURE_LATERALITY_URL, valueCodeableConcept: { coding: [laterality] } }] }
      : {}),
    coding: [dicomCoding(label.type)!],
    text: label.name,
  };
}

/**
 * One segment's volume (profile delineo-volume-observation). The device is the Delineo Device
 * (Observation.device, R4 allows Device there but not in performer); derivedFrom is the study.
 * The value is rounded to 0.01 mL: FHIR decimals keep their precision (datatypes.html#decimal)
 * and more digits would claim an accuracy no voxel grid has.
 */
export function volumeObservation(
  segment: SegmentVolume,
  identifier: Observation['identifier'],
  ctx: ObservationContext,
): Observation {
  return {
    resourceType: 'Observation',
    meta: { profile: [PROFILE_URLS.volumeObservation] },
    identifier,
    status: 'final',
    category: [{ coding: [IMAGING_CATEGORY] }],
    code: { coding: [VOLUME_CODE], text: 'Volume' },
    subject: { reference: ctx.refs.patient },
    ...(ctx.effective ? { effectiveDateTime: ctx.effective } : {}),
    issued: ctx.issued,
    valueQuantity: { value: Math.round(segment.volumeMl * 100) / 100, ...UCUM_ML },
    bodySite: bodySite(segment.label),
    device: { reference: ctx.refs.device },
    derivedFrom: [{ reference: ctx.refs.imagingStudy }],
    component: [{ code: { coding: [VOXEL_COUNT_CODE], text: 'Voxel count' }, valueInteger: segment.voxelCount }],
  };
}
