import { DicomError, Tag, type Dataset } from '@delineo/dicom';
import {
  checkJsonBounds,
  DicomWebError,
  fromDicomJson,
  isDicomJsonPart,
  isDicomWebError,
  jsonBoundsFor,
  parseStowMetadata,
  sentUidsOf,
  StowBulkData,
  type MultipartPart,
} from '@delineo/dicomweb';
import type { StowTicket } from './stow-admission';
import type { Receipt, StowIngest } from './stow-ingest';

/**
 * PS3.18 Table 10.5.2-1 lets a sender of compressed Pixel Data leave out the Image Pixel
 * Description; we do not derive it from the bitstream, so an instance without it cannot be read.
 */
const PIXEL_DESCRIPTION = [
  Tag.SamplesPerPixel,
  Tag.PhotometricInterpretation,
  Tag.Rows,
  Tag.Columns,
  Tag.BitsAllocated,
] as const;

function checkPixelDescription(ds: Dataset): void {
  const pixels = ds.get(Tag.PixelData);
  if (!pixels) return;
  if (PIXEL_DESCRIPTION.some((tag) => !ds.get(tag)?.value?.length)) {
    throw new DicomError('dicom/malformed', 'Pixel Data without its Image Pixel Description');
  }
  // One compressed part per frame (§8.7.3.3.2): a frame without its part cannot be decoded.
  if (pixels.fragments && pixels.fragments.length - 1 !== (ds.number(Tag.NumberOfFrames) ?? 1)) {
    throw new DicomError('dicom/malformed', 'compressed Pixel Data parts do not match Number of Frames');
  }
}

/**
 * STOW-RS with metadata and bulk data (PS3.18 §10.5.1.4): the first part is a JSON array of DICOM
 * JSON Model objects, one per instance; the parts after it hold the bulk data their BulkDataURIs
 * name, each by its Content-Location (§8.6.1.2). No instance can be built before the last part
 * has arrived, so every bulk part stays counted in the request's share of the in-flight budget
 * until the instances are ingested, exactly as a Part 10 part is until it is ingested. The JSON
 * is parsed, and its instances built and ingested, in one slot of the ingest gate.
 */
export async function receiveDicomJson(
  parts: AsyncIterable<MultipartPart>,
  ticket: StowTicket,
  r: Receipt,
  stow: StowIngest,
  requestUrl: string,
): Promise<void> {
  const limits = stow.parseLimits;
  const bulk = new StowBulkData(requestUrl, limits.maxItems);
  let metadata: Buffer | undefined;
  let refused: unknown;
  for await (const part of parts) {
    try {
      if (metadata === undefined) {
        if (!isDicomJsonPart(part.headers)) {
          throw new DicomWebError(
            'dicomweb/bad-content-type',
            'the first part must be the application/dicom+json metadata',
          );
        }
        metadata = part.body;
        // A bomb is refused at once, by a scan that allocates nothing; JSON.parse comes later.
        checkJsonBounds(metadata, jsonBoundsFor(limits));
      } else if (refused === undefined) bulk.add(part.headers, part.body);
    } catch (err) {
      if (isDicomWebError(err)) throw err;
      refused = err;
      bulk.clear();
    }
    // Once the request is refused, the rest is read only to reach the end, and not held.
    if (refused !== undefined) ticket.settle();
  }
  if (metadata === undefined) throw new DicomWebError('dicomweb/malformed-multipart', 'request contained no parts');
  const json = metadata;
  await stow.inOneSlot(async (ingestOne) => {
    let instances: unknown[];
    try {
      instances = parseStowMetadata(json, limits);
    } catch (err) {
      // The metadata cannot be read at all: one failure, no UIDs (PS3.18 Table I.2-2, C000).
      return stow.refuse(err, {}, r);
    }
    for (const instance of instances) {
      const sent = sentUidsOf(instance);
      if (refused !== undefined) stow.refuse(refused, sent, r);
      else await ingestOne(() => readInstance(instance, bulk, limits), sent);
    }
  }, r);
}

function readInstance(
  json: unknown,
  bulk: StowBulkData,
  limits: StowIngest['parseLimits'],
): { ds: Dataset; transferSyntaxUid: string } {
  const instance = bulk.forInstance();
  const ds = fromDicomJson(json, { limits, resolveBulkData: instance.resolve });
  checkPixelDescription(ds);
  return { ds, transferSyntaxUid: instance.transferSyntaxUid() };
}
