/**
 * Tags this lib reads that @delineo/dicom does not name (PS3.6 keywords). Kept local so the
 * dicom lib's public constants stay the set its own code touches.
 */
export const VTag = {
  SOPInstanceUID: 0x00080018,
  SliceThickness: 0x00180050,
  ImagePositionPatient: 0x00200032,
  ImageOrientationPatient: 0x00200037,
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelSpacing: 0x00280030,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  RescaleIntercept: 0x00281052,
  RescaleSlope: 0x00281053,
  SharedFunctionalGroupsSequence: 0x52009229,
  PerFrameFunctionalGroupsSequence: 0x52009230,
  PlanePositionSequence: 0x00209113,
  PlaneOrientationSequence: 0x00209116,
  PixelMeasuresSequence: 0x00289110,
  PixelValueTransformationSequence: 0x00289145,
  ExtendedOffsetTable: 0x7fe00001,
  FloatPixelData: 0x7fe00008,
  PixelData: 0x7fe00010,
} as const;
