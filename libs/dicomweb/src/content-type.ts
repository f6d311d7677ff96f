import { DicomWebError } from './errors';
import { MediaType, parseMediaType } from './media-type';

/** PS3.18 §10.5.1.1: STOW-RS with DICOM payloads carries Part 10 files as application/dicom. */
export const APPLICATION_DICOM = 'application/dicom';

/** RFC 2046 §5.1.1: 1 to 70 characters from bchars, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function isValidBoundary(boundary: string): boolean {
  return BOUNDARY.test(boundary);
}

function bad(message: string): DicomWebError {
  return new DicomWebError('dicomweb/bad-content-type', message);
}

/**
 * Parses a Content-Type header. A multipart type must carry a valid boundary (RFC 2046 §5.1.1).
 */
export function parseContentType(header: string | undefined): MediaType {
  if (header === undefined || header.trim() === '') throw bad('missing Content-Type');
  const parsed = parseMediaType(header);
  if (!parsed) throw bad('Content-Type is not a valid media type');
  if (parsed.mediaType.startsWith('multipart/')) {
    const boundary = parsed.params.boundary;
    if (boundary === undefined) throw bad('multipart Content-Type has no boundary parameter');
    if (!isValidBoundary(boundary)) throw bad('multipart boundary is not valid per RFC 2046 §5.1.1');
  }
  return parsed;
}

/** PS3.18 §10.5.1.4: metadata as a JSON array of DICOM JSON Model objects, bulk data in later parts. */
export const APPLICATION_DICOM_JSON = 'application/dicom+json';

export interface StowContentType {
  boundary: string;
  /** The root part type (RFC 2387 §3.1): Part 10 files, or DICOM JSON metadata with bulk data. */
  type: typeof APPLICATION_DICOM | typeof APPLICATION_DICOM_JSON;
}

/**
 * Validates a STOW-RS request Content-Type (PS3.18 §10.5.1.4): multipart/related with a boundary,
 * and a `type` parameter that is absent or application/dicom (Part 10 instances), or
 * application/dicom+json (metadata and bulk data). XML metadata (application/dicom+xml) is not
 * accepted: it is refused by name, as is any other type.
 */
export function parseStowContentType(header: string | undefined): StowContentType {
  const parsed = parseContentType(header);
  if (parsed.mediaType !== 'multipart/related') throw bad('STOW-RS requires multipart/related');
  const type = parsed.params.type?.trim().toLowerCase();
  if (type === undefined || type === APPLICATION_DICOM)
    return { boundary: parsed.params.boundary, type: APPLICATION_DICOM };
  if (type === APPLICATION_DICOM_JSON) return { boundary: parsed.params.boundary, type: APPLICATION_DICOM_JSON };
  if (type === 'application/dicom+xml') {
    throw bad(
      'STOW-RS metadata in application/dicom+xml is not accepted; send application/dicom+json or application/dicom',
    );
  }
  throw bad('STOW-RS multipart type parameter must be application/dicom or application/dicom+json');
}

/**
 * True when a part's Content-Type is application/dicom (parameters such as transfer-syntax
 * allowed). A part without Content-Type takes the multipart `type` (RFC 2387 §3.1), which
 * parseStowContentType has pinned to application/dicom for such a request.
 */
export function isDicomPart(headers: Record<string, string>): boolean {
  return partTypeIs(headers, APPLICATION_DICOM);
}

/** True when the metadata part of a DICOM JSON request is application/dicom+json (or unlabelled). */
export function isDicomJsonPart(headers: Record<string, string>): boolean {
  return partTypeIs(headers, APPLICATION_DICOM_JSON);
}

function partTypeIs(headers: Record<string, string>, type: string): boolean {
  const value = headers['content-type'];
  if (value === undefined || value.trim() === '') return true;
  return parseMediaType(value)?.mediaType === type;
}
