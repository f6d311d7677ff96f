import type { Dataset } from '@delineo/dicom';
import type { CodedConcept, LabelDefinition } from '@delineo/models';
import { rgbToDicomLab } from './color';
import { codeItem, DCM, item, setUs, Text } from './dataset-build';
import { SegError } from './errors';
import { SegTag } from './tags';
import type { SegAlgorithm, SegmentationType } from './types';

export interface SegmentPlan {
  /** Labels in ascending value order; segment index s describes labels[s]. */
  labels: LabelDefinition[];
  /** Segment Number of each segment index. */
  numbers: number[];
  /** Label value (0…255) → segment index, −1 for background and undefined labels. */
  indexOfValue: Int16Array;
}

const ALGORITHM_TYPES = new Set(['AUTOMATIC', 'SEMIAUTOMATIC', 'MANUAL']);
const BACKGROUND = DCM('125040', 'Background');
const AI = DCM('123110', 'Artificial Intelligence');
const codeOk = (c: CodedConcept | undefined): boolean =>
  !!c && !!c.CodeValue && !!c.CodingSchemeDesignator && !!c.CodeMeaning;

/**
 * BINARY Segment Numbers start at 1 and increase by 1 (PS3.3 §C.8.20.2.3; dciodvfy checks it), so
 * labels are numbered 1…n in value order. LABELMAP pixels ARE Segment Numbers, which need not be
 * contiguous (Supplement 243), so label values are kept as they are.
 */
export function planSegments(labels: readonly LabelDefinition[], type: SegmentationType): SegmentPlan {
  if (labels.length === 0) throw new SegError('seg/invalid-labels', 'no label definitions');
  const sorted = [...labels].sort((a, b) => a.value - b.value);
  const indexOfValue = new Int16Array(256).fill(-1);
  sorted.forEach((l, s) => {
    const where = `label definition ${s}`;
    if (!Number.isInteger(l.value) || l.value < 1 || l.value > 255)
      throw new SegError('seg/invalid-labels', `${where}: value outside 1…255`);
    if (indexOfValue[l.value] !== -1) throw new SegError('seg/invalid-labels', `${where}: duplicate value`);
    if (!l.name || l.name.length > 64)
      throw new SegError('seg/invalid-labels', `${where}: name empty or longer than 64 (LO)`);
    if (!codeOk(l.category) || !codeOk(l.type) || (l.modifier && !codeOk(l.modifier))) {
      throw new SegError('seg/invalid-labels', `${where}: incomplete code (PS3.3 §8.8)`);
    }
    if (!ALGORITHM_TYPES.has(l.algorithmType))
      throw new SegError('seg/invalid-labels', `${where}: unknown algorithm type`);
    indexOfValue[l.value] = s;
  });
  const numbers = sorted.map((l, s) => (type === 'BINARY' ? s + 1 : l.value));
  return { labels: sorted, numbers, indexOfValue };
}

function algorithmIdentification(algorithm: SegAlgorithm, text: Text): Dataset {
  return item((a) => {
    a.setSequence(SegTag.AlgorithmFamilyCodeSequence, [codeItem(algorithm.family ?? AI, text)]);
    a.set({ tag: SegTag.AlgorithmName, vr: 'LO', value: text(algorithm.name, 'LO') });
    a.set({ tag: SegTag.AlgorithmVersion, vr: 'LO', value: text(algorithm.version, 'LO') });
  });
}

interface SegmentFields {
  number: number;
  label: string;
  algorithmType: string;
  category: CodedConcept;
  type: CodedConcept;
  modifier?: CodedConcept;
  rgb?: LabelDefinition['recommendedDisplayRGB'];
}

/** One Segment Sequence item: Segment Description Macro (PS3.3 §C.8.20.4) plus the algorithm (§C.8.20.2). */
function segmentItem(f: SegmentFields, algorithm: SegAlgorithm, text: Text): Dataset {
  return item((d) => {
    d.setSequence(SegTag.SegmentedPropertyCategoryCodeSequence, [codeItem(f.category, text)]);
    setUs(d, SegTag.SegmentNumber, [f.number]);
    d.set({ tag: SegTag.SegmentLabel, vr: 'LO', value: text(f.label, 'LO') });
    d.setString(SegTag.SegmentAlgorithmType, 'CS', f.algorithmType);
    if (f.algorithmType !== 'MANUAL') {
      d.set({
        tag: SegTag.SegmentAlgorithmName,
        vr: 'LO',
        value: text(`${algorithm.name} ${algorithm.version}`.slice(0, 64), 'LO'),
      });
      d.setSequence(SegTag.SegmentationAlgorithmIdentificationSequence, [algorithmIdentification(algorithm, text)]);
    }
    if (f.rgb) setUs(d, SegTag.RecommendedDisplayCIELabValue, rgbToDicomLab(f.rgb));
    const type = codeItem(f.type, text);
    // The modifier (e.g. laterality, CID 244) nests inside the type item (Table C.8.20-4).
    if (f.modifier) type.setSequence(SegTag.SegmentedPropertyTypeModifierCodeSequence, [codeItem(f.modifier, text)]);
    d.setSequence(SegTag.SegmentedPropertyTypeCodeSequence, [type]);
  });
}

/**
 * Segment Sequence (0062,0002). A LABELMAP stores 0 in background pixels and every stored value must
 * be described (PS3.3 §C.8.20.2.3.3), so it gets a Segment 0 "Background" (DCM 125040) first.
 */
export function segmentSequence(
  plan: SegmentPlan,
  algorithm: SegAlgorithm,
  type: SegmentationType,
  text: Text,
): Dataset[] {
  const items = plan.labels.map((l, s) =>
    segmentItem(
      {
        number: plan.numbers[s],
        label: l.name,
        algorithmType: l.algorithmType,
        category: l.category,
        type: l.type,
        modifier: l.modifier,
        rgb: l.recommendedDisplayRGB,
      },
      algorithm,
      text,
    ),
  );
  if (type === 'BINARY') return items;
  const background = segmentItem(
    { number: 0, label: 'Background', algorithmType: 'AUTOMATIC', category: BACKGROUND, type: BACKGROUND },
    algorithm,
    text,
  );
  return [background, ...items];
}
