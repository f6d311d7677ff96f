import type { ElementDefinition } from '@medplum/fhirtypes';
import {
  DELINEO_MEASUREMENT_SYSTEM,
  IMAGING_CATEGORY,
  PROFILE_URLS,
  UCUM_ML,
  VOLUME_CODE,
} from '../libs/fhir/src/index';
import { el } from './snapshot';

const url = PROFILE_URLS.volumeObservation;
const codeOnly = ({ system, code }: { system?: string; code?: string }) => ({ system, code });
const ref = (...types: string[]) => [
  { code: 'Reference', targetProfile: types.map((t) => `http://hl7.org/fhir/StructureDefinition/${t}`) },
];

/**
 * Differential of the volume Observation: one segment's volume in mL. Fixed codes are
 * pattern[x] (https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.pattern_x_),
 * so an instance may add codings or text but never change what is pinned.
 */
export const volumeObservationDifferential: ElementDefinition[] = [
  el('Observation', {
    short: 'Volume of one segment of a Delineo segmentation',
    definition:
      'The volume, in millilitres, of one segment of a DICOM SEG that Delineo computed from an imaging study.',
    constraint: [
      {
        key: 'dlnv-1',
        severity: 'error',
        human: 'The volume is not negative',
        expression: 'value.ofType(Quantity).all(value >= 0)',
        source: url,
      },
      {
        key: 'dlnv-2',
        severity: 'error',
        human: 'The body site is coded, not only text',
        expression: 'bodySite.coding.exists()',
        source: url,
      },
    ],
  }),
  el('Observation.identifier', {
    min: 1,
    mustSupport: true,
    short: 'urn:uuid derived from the SEG SOP Instance UID and segment number',
  }),
  el('Observation.category', {
    min: 1,
    mustSupport: true,
    slicing: { discriminator: [{ type: 'pattern', path: '$this' }], rules: 'open', ordered: false },
  }),
  el('Observation.category:imaging', {
    sliceName: 'imaging',
    min: 1,
    max: '1',
    patternCodeableConcept: { coding: [codeOnly(IMAGING_CATEGORY)] },
  }),
  el('Observation.code', { mustSupport: true, patternCodeableConcept: { coding: [codeOnly(VOLUME_CODE)] } }),
  el('Observation.subject', { min: 1, mustSupport: true, type: ref('Patient') }),
  el('Observation.effective[x]', { mustSupport: true, type: [{ code: 'dateTime' }], short: 'Study date/time' }),
  el('Observation.issued', { min: 1, mustSupport: true }),
  el('Observation.value[x]', {
    min: 1,
    mustSupport: true,
    type: [{ code: 'Quantity' }],
    short: 'Volume in mL (UCUM)',
    patternQuantity: { system: UCUM_ML.system, code: UCUM_ML.code },
  }),
  el('Observation.dataAbsentReason', { max: '0' }),
  el('Observation.bodySite', {
    min: 1,
    mustSupport: true,
    short: 'Segmented Property Type (DICOM CID 7151); laterality in the observation-structureLaterality extension',
  }),
  el('Observation.device', { min: 1, mustSupport: true, type: ref('Device') }),
  el('Observation.derivedFrom', { min: 1, mustSupport: true, type: ref('ImagingStudy') }),
  el('Observation.component', {
    slicing: { discriminator: [{ type: 'pattern', path: 'code' }], rules: 'open', ordered: false },
  }),
  el('Observation.component:voxelCount', {
    sliceName: 'voxelCount',
    min: 0,
    max: '1',
    short: 'Number of voxels in the segment',
  }),
  el('Observation.component:voxelCount.code', {
    patternCodeableConcept: { coding: [{ system: DELINEO_MEASUREMENT_SYSTEM, code: 'voxel-count' }] },
  }),
  el('Observation.component:voxelCount.value[x]', { min: 1, type: [{ code: 'integer' }] }),
];
