import { TransferSyntax as TS } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';
import { frameRepresentation, instanceRepresentation } from './wado-representations';

const DICOM = 'multipart/related; type="application/dicom"';
const OCTET = 'multipart/related; type="application/octet-stream"';
const ts = (t: string) => `; transfer-syntax=${t}`;

describe('instanceRepresentation (PS3.18 §8.7.3.5.2)', () => {
  it.each([
    ['no Accept', undefined, TS.JPEG2000Lossless, TS.ExplicitVRLittleEndian],
    ['*/*', '*/*', TS.JPEG2000Lossless, TS.ExplicitVRLittleEndian],
    ['no parameter', DICOM, TS.RLELossless, TS.ExplicitVRLittleEndian],
    ['*', DICOM + ts('*'), TS.JPEG2000Lossless, TS.JPEG2000Lossless],
    ['* on Implicit VR', DICOM + ts('*'), TS.ImplicitVRLittleEndian, TS.ExplicitVRLittleEndian],
    ['explicit UID', DICOM + ts(TS.JPEGLSLossless), TS.ExplicitVRLittleEndian, TS.JPEGLSLossless],
    [
      'q-values',
      `${DICOM}${ts(TS.RLELossless)};q=0.2, ${DICOM}${ts(TS.JPEG2000Lossless)};q=0.8`,
      TS.ExplicitVRLittleEndian,
      TS.JPEG2000Lossless,
    ],
  ])('%s', (_name, accept, stored, expected) => {
    const r = instanceRepresentation(accept, stored);
    expect(r).toEqual({ partType: 'application/dicom', transferSyntax: expected });
  });

  it.each([
    [DICOM + ts(TS.ImplicitVRLittleEndian), TS.ExplicitVRLittleEndian],
    [DICOM + ts(TS.JPEG2000), TS.JPEG2000Lossless],
    [DICOM, '1.2.840.10008.1.2.4.201'],
    ['application/dicom+json', TS.ExplicitVRLittleEndian],
  ])('is not acceptable: %s for a stored %s', (accept, stored) => {
    expect(() => instanceRepresentation(accept, stored)).toThrow(DicomWebError);
  });
});

describe('frameRepresentation (PS3.18 Table 8.7.3-5)', () => {
  it.each([
    ['octet default', OCTET, TS.JPEG2000Lossless, 'application/octet-stream', TS.ExplicitVRLittleEndian],
    ['octet *', OCTET + ts('*'), TS.JPEG2000Lossless, 'application/octet-stream', TS.ExplicitVRLittleEndian],
    ['jp2', 'multipart/related; type="image/jp2"', TS.JPEG2000Lossless, 'image/jp2', TS.JPEG2000Lossless],
    [
      'jp2 lossy stored, *',
      'multipart/related; type="image/jp2"; transfer-syntax=*',
      TS.JPEG2000,
      'image/jp2',
      TS.JPEG2000,
    ],
    ['jpeg baseline', 'multipart/related; type="image/jpeg"', TS.JPEGBaseline8Bit, 'image/jpeg', TS.JPEGBaseline8Bit],
    [
      'jpeg lossless with its UID',
      'multipart/related; type="image/jpeg"' + ts(TS.JPEGLosslessSV1),
      TS.JPEGLosslessSV1,
      'image/jpeg',
      TS.JPEGLosslessSV1,
    ],
    ['rle', 'multipart/related; type="image/dicom-rle"', TS.RLELossless, 'image/dicom-rle', TS.RLELossless],
    [
      'jls from native',
      'multipart/related; type="image/jls"',
      TS.ExplicitVRLittleEndian,
      'image/jls',
      TS.JPEGLSLossless,
    ],
    ['x-jls', 'multipart/related; type="image/x-jls"', TS.JPEGLSLossless, 'image/x-jls', TS.JPEGLSLossless],
    ['anything', '*/*', TS.JPEGLSLossless, 'application/octet-stream', TS.ExplicitVRLittleEndian],
  ])('%s', (_name, accept, stored, partType, transferSyntax) => {
    expect(frameRepresentation(accept, stored)).toEqual({ partType, transferSyntax });
  });

  it.each([
    ['multipart/related; type="image/jpeg"', TS.ExplicitVRLittleEndian],
    ['multipart/related; type="image/jpeg"; transfer-syntax=*', TS.ExplicitVRLittleEndian],
    ['multipart/related; type="image/jpeg"', TS.JPEGLosslessSV1],
    [OCTET + ts(TS.JPEG2000Lossless), TS.JPEG2000Lossless],
  ])('is not acceptable: %s for a stored %s', (accept, stored) => {
    expect(() => frameRepresentation(accept, stored)).toThrow(DicomWebError);
  });
});
