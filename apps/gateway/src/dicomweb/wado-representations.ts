import { TransferSyntax } from '@delineo/dicom';
import { multipartOffer, negotiateAccept, parseMultipartOffer } from '@delineo/dicomweb';
import { frameMediaType, isDecodableSyntax, isNativeSyntax, transcodeTargets } from '@delineo/imaging';

const EXPLICIT = TransferSyntax.ExplicitVRLittleEndian;
const OCTET = 'application/octet-stream';

/** What one negotiated part is: its media type and the transfer syntax its bytes are in. */
export interface Representation {
  partType: string;
  transferSyntax: string;
}

const choose = (accept: string | undefined, offers: string[]): Representation =>
  parseMultipartOffer(negotiateAccept(accept, offers));

/**
 * Instances (PS3.18 §8.7.3.3.2, Table 8.7.3-2): the stored syntax first, so `transfer-syntax=*`
 * returns the stored bytes; then Explicit VR Little Endian, the default; then the lossless encoders.
 * Implicit VR Little Endian is never offered on the web, stored or not.
 */
export function instanceRepresentation(accept: string | undefined, stored: string): Representation {
  const syntaxes = [stored, ...transcodeTargets(stored)].filter((ts) => ts !== TransferSyntax.ImplicitVRLittleEndian);
  return choose(
    accept,
    syntaxes.map((ts) => multipartOffer('application/dicom', ts)),
  );
}

/** Pre-standard names some clients still send (dicomweb-client 0.11 asks for both); answered as named. */
const ALIASES: Readonly<Record<string, string>> = {
  'image/jls': 'image/x-jls',
  'image/dicom-rle': 'image/x-dicom-rle',
};

/**
 * Frames and pixel bulk data (PS3.18 Table 8.7.3-5): a compressed frame as its own bit stream under
 * its honest media type (image/jpeg, image/jls, image/jp2, image/dicom-rle), decoded to native
 * `application/octet-stream` in Explicit VR Little Endian, or re-encoded by a lossless encoder
 * (image/dicom-rle, image/jls .80, image/jp2 .90). Never raw pixels under an image type.
 */
export function frameRepresentation(accept: string | undefined, stored: string): Representation {
  // Native first: a wildcard Accept (or none) gets decoded pixels, the form every client reads.
  const syntaxes: string[] = [];
  if (isNativeSyntax(stored) || isDecodableSyntax(stored)) syntaxes.push(EXPLICIT);
  if (!isNativeSyntax(stored) && frameMediaType(stored)) syntaxes.push(stored);
  for (const ts of transcodeTargets(stored)) if (ts !== EXPLICIT && !syntaxes.includes(ts)) syntaxes.push(ts);
  const offers = syntaxes.flatMap((ts) => {
    const type = ts === EXPLICIT ? OCTET : frameMediaType(ts)!;
    const alias = ALIASES[type];
    return [multipartOffer(type, ts), ...(alias ? [multipartOffer(alias, ts)] : [])];
  });
  return choose(accept, offers);
}

/** Non-pixel bulk data (PS3.18 §10.4.1.1.4): the value bytes, little endian. */
export function bulkRepresentation(accept: string | undefined): Representation {
  return choose(accept, [multipartOffer(OCTET, EXPLICIT)]);
}

/** `<type>; transfer-syntax=<uid>`, the Content-Type of one part (PS3.18 §8.7.3.5). */
export const partContentType = (r: Representation): string => `${r.partType}; transfer-syntax=${r.transferSyntax}`;
