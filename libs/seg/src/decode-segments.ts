import type { Dataset } from '@delineo/dicom';
import type { CodedConcept } from '@delineo/models';
import type { Vec3 } from '@delineo/volume';
import { dicomLabToRgb } from './color';
import { readCode } from './dataset-build';
import { SegError } from './errors';
import { SegTag } from './tags';
import type { SegSegment } from './types';

/** Segment Sequence (0062,0002) items → segment descriptions (PS3.3 §C.8.20.2, §C.8.20.4). */
export function readSegments(ds: Dataset): SegSegment[] {
  // Text is held as latin1 bytes (PS3.5 §6.1.2 is the reader's job); UTF-8 is re-read as such.
  const utf8 = ds.strings(SegTag.SpecificCharacterSet).includes('ISO_IR 192');
  const text = (s: string | undefined): string | undefined =>
    s !== undefined && utf8 ? Buffer.from(s, 'latin1').toString('utf8') : s;
  const code = (d: Dataset | undefined): CodedConcept | undefined => {
    const c = readCode(d);
    return c && { ...c, CodeMeaning: text(c.CodeMeaning)! };
  };
  const items = ds.get(SegTag.SegmentSequence)?.items ?? [];
  if (items.length === 0) throw new SegError('seg/malformed', 'Segment Sequence is empty');
  return items.map((d, i) => {
    const number = d.number(SegTag.SegmentNumber);
    const typeItem = d.get(SegTag.SegmentedPropertyTypeCodeSequence)?.items?.[0];
    const category = code(d.get(SegTag.SegmentedPropertyCategoryCodeSequence)?.items?.[0]);
    const type = code(typeItem);
    if (number === undefined || !category || !type) {
      throw new SegError('seg/malformed', `Segment Sequence item ${i + 1} lacks Segment Number or property codes`);
    }
    // Older writers put the modifier beside the type code rather than inside it; accept both.
    const modifier =
      code(typeItem?.get(SegTag.SegmentedPropertyTypeModifierCodeSequence)?.items?.[0]) ??
      code(d.get(SegTag.SegmentedPropertyTypeModifierCodeSequence)?.items?.[0]);
    const lab = d.numbers(SegTag.RecommendedDisplayCIELabValue);
    const cielab = lab.length === 3 ? (lab as Vec3) : undefined;
    const description = text(d.string(SegTag.SegmentDescription));
    const algorithmName = text(d.string(SegTag.SegmentAlgorithmName));
    return {
      number,
      label: text(d.string(SegTag.SegmentLabel)) ?? '',
      ...(description ? { description } : {}),
      category,
      type,
      ...(modifier ? { modifier } : {}),
      algorithmType: d.string(SegTag.SegmentAlgorithmType) ?? '',
      ...(algorithmName ? { algorithmName } : {}),
      ...(cielab ? { cielab, rgb: dicomLabToRgb(cielab) } : {}),
    };
  });
}
