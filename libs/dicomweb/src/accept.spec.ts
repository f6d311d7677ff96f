import { multipartOffer, negotiateAccept, parseMultipartOffer } from './accept';
import { DicomWebError } from './errors';

const JSON_ = 'application/dicom+json';
const MULTI = 'multipart/related; type="application/dicom"';
const OCTET = 'multipart/related; type="application/octet-stream"';

describe('negotiateAccept', () => {
  it('returns the first offer when there is no Accept header', () => {
    expect(negotiateAccept(undefined, [JSON_, MULTI])).toBe(JSON_);
    expect(negotiateAccept('  ', [MULTI, JSON_])).toBe(MULTI);
  });

  it('matches the multipart type parameter', () => {
    expect(negotiateAccept('multipart/related; type="application/dicom"', [OCTET, MULTI])).toBe(MULTI);
    expect(negotiateAccept('multipart/related; type=application/octet-stream', [MULTI, OCTET])).toBe(OCTET);
  });

  it('treats transfer-syntax=* as any transfer syntax', () => {
    expect(negotiateAccept('multipart/related; type="application/dicom"; transfer-syntax=*', [JSON_, MULTI])).toBe(
      MULTI,
    );
  });

  it('does not match a specific transfer syntax the offer does not name', () => {
    expect(() =>
      negotiateAccept('multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50', [MULTI]),
    ).toThrow(DicomWebError);
  });

  it('picks the highest q and breaks ties by server preference', () => {
    expect(negotiateAccept(`${JSON_};q=0.5, ${MULTI};q=0.9`, [JSON_, MULTI])).toBe(MULTI);
    expect(negotiateAccept(`${MULTI}, ${JSON_}`, [JSON_, MULTI])).toBe(JSON_);
  });

  it('lets the most specific range decide, so q=0 on a specific type excludes it under */*', () => {
    expect(negotiateAccept(`*/*, ${JSON_};q=0`, [JSON_, MULTI])).toBe(MULTI);
    expect(negotiateAccept('application/*', [MULTI, JSON_])).toBe(JSON_);
  });

  it('ignores malformed ranges and invalid q values', () => {
    expect(negotiateAccept(`garbage, ${JSON_};q=2, ${MULTI};q=0.1`, [JSON_, MULTI])).toBe(MULTI);
  });

  it('throws not-acceptable when nothing offered is acceptable', () => {
    try {
      negotiateAccept('image/jpeg', [JSON_, MULTI]);
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DicomWebError);
      expect((e as DicomWebError).code).toBe('dicomweb/not-acceptable');
    }
  });
});

describe('negotiateAccept with transfer syntaxes (PS3.18 §8.7.3.5.2)', () => {
  const EXPLICIT = '1.2.840.10008.1.2.1';
  const J2K = '1.2.840.10008.1.2.4.90';
  const stored = multipartOffer('application/dicom', J2K);
  const explicit = multipartOffer('application/dicom', EXPLICIT);
  const pick = (accept: string | undefined, offers: string[]) =>
    parseMultipartOffer(negotiateAccept(accept, offers)).transferSyntax;

  it('serves Explicit VR Little Endian when Accept names no transfer syntax, or is absent', () => {
    expect(pick(undefined, [stored, explicit])).toBe(EXPLICIT);
    expect(pick('*/*', [stored, explicit])).toBe(EXPLICIT);
    expect(pick('multipart/related; type="application/dicom"', [stored, explicit])).toBe(EXPLICIT);
  });

  it('serves the first (stored) offer for transfer-syntax=*', () => {
    expect(pick('multipart/related; type="application/dicom"; transfer-syntax=*', [stored, explicit])).toBe(J2K);
  });

  it('honours explicit UIDs with q-values', () => {
    const accept = `multipart/related; type="application/dicom"; transfer-syntax=${J2K}; q=0.4, multipart/related; type="application/dicom"; transfer-syntax=${EXPLICIT}; q=0.9`;
    expect(pick(accept, [stored, explicit])).toBe(EXPLICIT);
    expect(pick(accept.replace('q=0.9', 'q=0.1'), [stored, explicit])).toBe(J2K);
  });

  it('is not acceptable when only an unoffered syntax is asked for', () => {
    const accept = 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.91';
    expect(() => negotiateAccept(accept, [stored, explicit])).toThrow(DicomWebError);
  });

  it('matches image/jpeg without a parameter only to JPEG baseline, its default', () => {
    const baseline = multipartOffer('image/jpeg', '1.2.840.10008.1.2.4.50');
    const lossless = multipartOffer('image/jpeg', '1.2.840.10008.1.2.4.70');
    expect(negotiateAccept('multipart/related; type="image/jpeg"', [lossless, baseline])).toBe(baseline);
    expect(() => negotiateAccept('multipart/related; type="image/jpeg"', [lossless])).toThrow(DicomWebError);
  });
});
