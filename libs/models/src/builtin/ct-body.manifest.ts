import { CodedConcept, LabelDefinition, ModelManifest } from '../manifest/manifest.types';

// SNOMED CT codes as listed by dcmqi's SegmentationCategoryTypeModifier table (DICOM CID 7150
// categories, CID 7151 types, CID 244 laterality modifiers).
const sct = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning,
});
const ANATOMY = sct('123037004', 'Anatomical Structure');
const LUNG = sct('39607008', 'Lung');

const label = (
  value: number,
  name: string,
  category: CodedConcept,
  type: CodedConcept,
  rgb: [number, number, number],
  modifier?: CodedConcept,
): LabelDefinition => ({
  value,
  name,
  category,
  type,
  ...(modifier ? { modifier } : {}),
  recommendedDisplayRGB: rgb,
  algorithmType: 'AUTOMATIC',
});

/** The built-in ct-body package; identical to packages/ct-body/manifest.json (a test checks). */
export const CT_BODY_MANIFEST: ModelManifest = {
  id: 'ct-body',
  version: '1.0.0',
  name: 'CT body outline, lungs and bone (classical, built-in)',
  input: { modality: ['CT'], minSlices: 1 },
  preprocessing: { orientation: 'native', intensity: { kind: 'hu-window', min: -1024, max: 3071 } },
  runner: { kind: 'builtin', algorithm: 'ct-body' },
  labels: [
    label(1, 'Body', ANATOMY, sct('38266002', 'Entire body'), [177, 122, 101]),
    label(2, 'Left lung', ANATOMY, LUNG, [197, 165, 145], sct('7771000', 'Left')),
    label(3, 'Right lung', ANATOMY, LUNG, [197, 165, 145], sct('24028007', 'Right')),
    label(4, 'Bone', sct('85756007', 'Tissue'), sct('272673000', 'Bone'), [241, 214, 145]),
  ],
  postprocessing: [],
};
