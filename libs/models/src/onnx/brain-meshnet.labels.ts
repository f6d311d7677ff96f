/** A DICOM code triplet (PS3.3 §8.8, Basic Code Sequence Macro). */
export interface CodeTriplet {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export interface SegmentCoding {
  /** SegmentedPropertyCategoryCodeSequence (CID 7150). */
  category: CodeTriplet;
  /** SegmentedPropertyTypeCodeSequence (CID 7151 family). */
  type: CodeTriplet;
  /** SegmentedPropertyTypeModifierCodeSequence: laterality (CID 244) for paired structures. */
  typeModifier?: CodeTriplet;
  /**
   * 'exact': the dcmqi master list has this structure. 'parent': it does not, and the code is
   * the nearest containing structure in that list (the FreeSurfer name stays in SegmentLabel).
   */
  match: 'exact' | 'parent';
}

const ANATOMICAL_STRUCTURE: CodeTriplet = {
  CodeValue: '123037004',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: 'Anatomical Structure',
};
const BILATERAL: CodeTriplet = { CodeValue: '51440002', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Right and left' };

const sct = (CodeValue: string, CodeMeaning: string): CodeTriplet => ({
  CodeValue,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning,
});
const coding = (type: CodeTriplet, match: SegmentCoding['match'], paired: boolean): SegmentCoding => ({
  category: ANATOMICAL_STRUCTURE,
  type,
  ...(paired ? { typeModifier: BILATERAL } : {}),
  match,
});

/**
 * brainchop model18cls colormap.json label names (FreeSurfer aseg names with left and right
 * merged) → codes from dcmqi's SegmentationCategoryTypeModifier-DICOM-Master.json (QIICR/dcmqi
 * b6137d9, CID 7150/7153). Merged left+right structures carry the "Right and left" laterality
 * modifier where dcmqi lists the structure as paired. Label 0 ('Unknown') is background, no segment.
 */
export const MESHNET_18_CODES: Record<string, SegmentCoding> = {
  'Cerebral-White-Matter': coding(sct('68523003', 'Cerebral White Matter'), 'exact', true),
  'Cerebral-Cortex': coding(sct('40146001', 'Cerebral cortex'), 'exact', true),
  'Lateral-Ventricle': coding(sct('66720007', 'Lateral ventricle'), 'exact', true),
  // The inferior (temporal) horn is part of the lateral ventricle.
  'Inferior-Lateral-Ventricle': coding(sct('66720007', 'Lateral ventricle'), 'parent', true),
  'Cerebellum-White-Matter': coding(sct('33060004', 'Cerebellar white matter'), 'exact', false),
  // No cerebellar cortex type in the 2020 master list; Cerebellum contains it.
  'Cerebellum-Cortex': coding(sct('113305005', 'Cerebellum'), 'parent', false),
  Thalamus: coding(sct('42695009', 'Thalamus'), 'exact', true),
  Caudate: coding(sct('11000004', 'Caudate nucleus'), 'exact', true),
  Putamen: coding(sct('89278009', 'Putamen'), 'exact', true),
  Pallidum: coding(sct('14738005', 'Globus pallidus'), 'exact', true),
  '3rd-Ventricle': coding(sct('49841001', 'Third ventricle'), 'exact', false),
  '4th-Ventricle': coding(sct('35918002', 'Fourth ventricle'), 'exact', false),
  'Brain-Stem': coding(sct('119238007', 'Brain stem'), 'exact', false),
  Hippocampus: coding(sct('5366008', 'Hippocampus'), 'exact', true),
  Amygdala: coding(sct('4958002', 'Amygdala'), 'exact', true),
  'Accumbens-area': coding(sct('427667007', 'Nucleus accumbens'), 'exact', true),
  // FreeSurfer's ventral diencephalon (hypothalamus, subthalamus, …) lies within the diencephalon.
  VentralDC: coding(sct('87563008', 'Diencephalon'), 'parent', false),
};
