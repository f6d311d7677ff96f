import { Dataset } from '@delineo/dicom';
import { codeItem, DCM, dateTime, item, setUs, Text } from './dataset-build';
import { SegTag, SopClass } from './tags';
import type { SegAlgorithm, SegEncodeOptions, SegmentationType } from './types';

export interface InstanceIds {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  now: Date;
}

const put = (ds: Dataset, tag: number, vr: 'LO' | 'PN' | 'ST' | 'CS', value: string, text: Text): void =>
  ds.set({ tag, vr, value: text(value, vr) });

/**
 * General Series (PS3.3 §C.7.3.1) + Segmentation Series (§C.8.20.1), General and Enhanced General
 * Equipment (§C.7.5.1-2: this gateway made the SEG), SOP Common (§C.12.1).
 */
export function seriesAndEquipment(
  out: Dataset,
  ids: InstanceIds,
  o: SegEncodeOptions,
  type: SegmentationType,
  algorithm: SegAlgorithm,
  text: Text,
): void {
  const { da, tm, dt } = dateTime(ids.now);
  out.setString(SegTag.SOPClassUID, 'UI', type === 'LABELMAP' ? SopClass.LabelMapSegmentation : SopClass.Segmentation);
  out.setString(SegTag.SOPInstanceUID, 'UI', ids.sopInstanceUid);
  out.setString(SegTag.InstanceCreationDate, 'DA', da);
  out.setString(SegTag.InstanceCreationTime, 'TM', tm);
  out.setString(SegTag.Modality, 'CS', 'SEG');
  out.setString(SegTag.SeriesInstanceUID, 'UI', ids.seriesInstanceUid);
  out.setString(SegTag.SeriesNumber, 'IS', String(o.seriesNumber ?? 901));
  out.setString(SegTag.SeriesDate, 'DA', da);
  out.setString(SegTag.SeriesTime, 'TM', tm);
  put(
    out,
    SegTag.SeriesDescription,
    'LO',
    (o.seriesDescription ?? `Segmentation ${algorithm.name}`).slice(0, 64),
    text,
  );
  put(out, SegTag.Manufacturer, 'LO', o.manufacturer ?? 'Delineo', text);
  put(out, SegTag.ManufacturerModelName, 'LO', o.manufacturerModelName ?? 'Delineo', text);
  put(out, SegTag.DeviceSerialNumber, 'LO', o.deviceSerialNumber ?? '0', text);
  put(out, SegTag.SoftwareVersions, 'LO', o.softwareVersion ?? '0.1.0', text);
  // IHE AI Results: the model that produced the content is named as Contributing Equipment
  // (PS3.3 §C.12.1, purpose DCM 109102 Processing Equipment, CID 7005).
  out.setSequence(SegTag.ContributingEquipmentSequence, [
    item((e) => {
      e.setSequence(SegTag.PurposeOfReferenceCodeSequence, [codeItem(DCM('109102', 'Processing Equipment'), text)]);
      put(e, SegTag.Manufacturer, 'LO', o.manufacturer ?? 'Delineo', text);
      put(e, SegTag.ManufacturerModelName, 'LO', algorithm.name.slice(0, 64), text);
      put(e, SegTag.SoftwareVersions, 'LO', algorithm.version.slice(0, 64), text);
      e.setString(SegTag.ContributionDateTime, 'DT', dt);
      put(
        e,
        SegTag.ContributionDescription,
        'ST',
        `Automatic segmentation by ${algorithm.name} ${algorithm.version}`,
        text,
      );
    }),
  ]);
}

export interface ImageShape {
  rows: number;
  columns: number;
  frames: number;
  lossy?: { ratio?: Buffer; method?: Buffer };
}

/**
 * General Image (§C.7.6.1), Image Pixel (§C.7.6.3), Segmentation Image (§C.8.20.2) with its Content
 * Identification Macro (Table 10-12), and the Multi-frame Functional Groups top level (§C.7.6.16).
 */
export function imageModules(
  out: Dataset,
  ids: InstanceIds,
  o: SegEncodeOptions,
  type: SegmentationType,
  shape: ImageShape,
  text: Text,
): void {
  const { da, tm } = dateTime(ids.now);
  const binary = type === 'BINARY';
  out.setString(SegTag.ImageType, 'CS', ['DERIVED', 'PRIMARY']);
  out.setString(SegTag.InstanceNumber, 'IS', String(o.instanceNumber ?? 1));
  out.setString(SegTag.ContentDate, 'DA', da);
  out.setString(SegTag.ContentTime, 'TM', tm);
  out.setString(SegTag.BurnedInAnnotation, 'CS', 'NO');
  out.setString(SegTag.ContentLabel, 'CS', o.contentLabel ?? 'SEGMENTATION');
  put(out, SegTag.ContentDescription, 'LO', o.contentDescription ?? '', text);
  put(out, SegTag.ContentCreatorName, 'PN', o.contentCreatorName ?? '', text);
  setUs(out, SegTag.SamplesPerPixel, [1]);
  out.setString(SegTag.PhotometricInterpretation, 'CS', 'MONOCHROME2');
  out.setString(SegTag.NumberOfFrames, 'IS', String(shape.frames));
  setUs(out, SegTag.Rows, [shape.rows]);
  setUs(out, SegTag.Columns, [shape.columns]);
  setUs(out, SegTag.BitsAllocated, [binary ? 1 : 8]);
  setUs(out, SegTag.BitsStored, [binary ? 1 : 8]);
  setUs(out, SegTag.HighBit, [binary ? 0 : 7]);
  setUs(out, SegTag.PixelRepresentation, [0]);
  // Label Map background is Segment 0 and Pixel Padding Value marks it for overlay (Sup 243).
  if (!binary) setUs(out, SegTag.PixelPaddingValue, [0]);
  // Derived from lossy images means lossy, with the source's ratio and method (§C.8.20.2.2).
  out.setString(SegTag.LossyImageCompression, 'CS', shape.lossy ? '01' : '00');
  if (shape.lossy?.ratio) out.set({ tag: SegTag.LossyImageCompressionRatio, vr: 'DS', value: shape.lossy.ratio });
  if (shape.lossy?.method) out.set({ tag: SegTag.LossyImageCompressionMethod, vr: 'CS', value: shape.lossy.method });
  out.setString(SegTag.SegmentationType, 'CS', type);
  // Label map values cannot overlap; BINARY segments come from one label map, so neither can they.
  out.setString(SegTag.SegmentsOverlap, 'CS', 'NO');
}
