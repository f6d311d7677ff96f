import { Dataset, randomUid, TransferSyntax, writePart10 } from '@delineo/dicom';
import type { CodedConcept } from '@delineo/models';
import { dimensionModule, perFrameGroups, sharedGroups, slicePosition } from './functional-groups';
import { imageModules, seriesAndEquipment } from './modules';
import { copyLabelmap, packBinary, planFrames, presence } from './pixels';
import { indexSources, referencedSeriesSequence } from './references';
import { copySourceModules } from './source-header';
import { planSegments, segmentSequence } from './segments';
import { SegTag } from './tags';
import { textEncoding } from './text';
import type { SegEncodeInput, SegEncodeResult, SegFrame } from './types';
import { validateGeometry, validateOptions } from './validate';

const codeText = (c?: CodedConcept): string[] => (c ? [c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning] : []);

/** Every free text we write ourselves, to pick the character set once (see text.ts). */
function ownText(input: SegEncodeInput): string[] {
  const o = input.options ?? {};
  return [
    ...input.labels.flatMap((l) => [l.name, ...codeText(l.category), ...codeText(l.type), ...codeText(l.modifier)]),
    input.algorithm.name,
    input.algorithm.version,
    ...codeText(input.algorithm.family),
    ...[
      o.seriesDescription,
      o.contentDescription,
      o.contentCreatorName,
      o.manufacturer,
      o.manufacturerModelName,
      o.softwareVersion,
      o.deviceSerialNumber,
    ].filter((s): s is string => s !== undefined),
  ];
}

/** Slice Thickness of the source: classic top level, else enhanced shared Pixel Measures. */
function sliceThickness(header: Dataset, step: number): number {
  const shared = header.get(SegTag.SharedFunctionalGroupsSequence)?.items?.[0];
  const measures = shared?.get(SegTag.PixelMeasuresSequence)?.items?.[0];
  const t = header.number(SegTag.SliceThickness) ?? measures?.number(SegTag.SliceThickness);
  return t !== undefined && t > 0 ? t : step;
}

/**
 * Label map on a source grid → DICOM Segmentation instance (PS3.3 §A.51), Explicit VR Little
 * Endian. BINARY by default (one 1-bit frame per non-empty segment × slice); LABELMAP on request.
 */
export function encodeSeg(input: SegEncodeInput): SegEncodeResult {
  validateGeometry(input);
  validateOptions(input);
  const o = input.options ?? {};
  const type = o.segmentationType ?? 'BINARY';
  const labelmap = type === 'LABELMAP';
  const g = input.geometry;
  const [nx, ny, nz] = g.dims;
  const pixels = nx * ny;
  const plan = planSegments(input.labels, type);
  const sources = indexSources(g, input.sourceHeaders);
  const header = input.sourceHeaders[0];
  const text = textEncoding(header, ownText(input));
  const present = presence(input.labelMap, pixels, nz, plan);
  const planned = planFrames(present, plan.labels.length, nz, labelmap);
  const pixelData = labelmap
    ? copyLabelmap(input.labelMap, pixels, planned)
    : packBinary(input.labelMap, pixels, nz, plan, planned);
  const ids = {
    sopInstanceUid: o.sopInstanceUid ?? randomUid(),
    seriesInstanceUid: o.seriesInstanceUid ?? randomUid(),
    now: o.now ?? new Date(),
  };

  const ds = new Dataset();
  copySourceModules(header, ds);
  if (text.specificCharacterSet) ds.setString(SegTag.SpecificCharacterSet, 'CS', text.specificCharacterSet);
  seriesAndEquipment(ds, ids, o, type, input.algorithm, text.text);
  const lossy =
    header.string(SegTag.LossyImageCompression) === '01'
      ? {
          ratio: header.get(SegTag.LossyImageCompressionRatio)?.value,
          method: header.get(SegTag.LossyImageCompressionMethod)?.value,
        }
      : undefined;
  imageModules(ds, ids, o, type, { rows: ny, columns: nx, frames: planned.length, lossy }, text.text);
  ds.setSequence(SegTag.SegmentSequence, segmentSequence(plan, input.algorithm, type, text.text));
  dimensionModule(ds, randomUid(), labelmap);
  ds.setSequence(SegTag.ReferencedSeriesSequence, referencedSeriesSequence(sources.series));
  ds.setSequence(SegTag.SharedFunctionalGroupsSequence, [sharedGroups(g, sliceThickness(header, g.spacing[2]))]);
  ds.setSequence(SegTag.PerFrameFunctionalGroupsSequence, perFrameGroups(g, planned, plan.numbers, sources, text.text));
  ds.set({ tag: SegTag.PixelData, vr: 'OB', value: pixelData });

  const frames: SegFrame[] = planned.map((f, n) => ({
    frameNumber: n + 1,
    ...(f.segment >= 0 ? { segmentNumber: plan.numbers[f.segment] } : {}),
    slice: f.slice,
    imagePositionPatient: slicePosition(g, f.slice),
    sourceImages: [sources.slices[f.slice]],
  }));
  return {
    part10: writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian }),
    dataset: ds,
    sopInstanceUid: ids.sopInstanceUid,
    seriesInstanceUid: ids.seriesInstanceUid,
    frames,
    segmentNumbers: new Map(plan.labels.map((l, s) => [l.value, plan.numbers[s]])),
  };
}
