import type { DestinationSettings } from '@delineo/config';
import { encodeMultipartBuffer, multipartContentType, randomBoundary } from '@delineo/dicomweb';
import { permanent, type DeliveryOutcome } from './delivery-outcome';
import { payloadOrOutcome } from './dicom-payload';
import { httpTarget, isOutcome, jsonBody, postOnce } from './http-post';
import { DEFAULT_TIMEOUT_MS, type DicomSender, type SenderOptions } from './sender.port';
import { stowOutcome } from './stow-response.mapper';

export type DicomwebDestination = Extract<DestinationSettings, { type: 'dicomweb' }>;

/**
 * STOW-RS (PS3.18 §10.5): POST {url}/studies[/{StudyInstanceUID}] with one application/dicom part
 * (the Part 10 file as is, §10.5.1.1), asking for the response in DICOM JSON (§10.5.3).
 */
export class DicomwebSender implements DicomSender {
  readonly payload = 'dicom' as const;

  constructor(
    private readonly destination: DicomwebDestination,
    private readonly opts: SenderOptions = {},
  ) {}

  async send(part10: Buffer): Promise<DeliveryOutcome> {
    const payload = payloadOrOutcome(part10);
    if ('kind' in payload) return payload;
    // A target study that differs from the instance's would be a 409 anyway (§10.5.1); we take it from the instance.
    if (this.opts.stowToStudy && !payload.studyInstanceUid)
      return permanent('delivery/invalid-payload', 'missing Study Instance UID');
    const path = this.opts.stowToStudy ? `/studies/${payload.studyInstanceUid}` : '/studies';
    const target = httpTarget(this.destination.url, path, this.opts.bearerToken);
    const boundary = randomBoundary();
    const body = encodeMultipartBuffer([{ contentType: 'application/dicom', body: part10 }], boundary);
    const reply = await postOnce(
      target,
      body,
      { 'content-type': multipartContentType(boundary, 'application/dicom'), accept: 'application/dicom+json' },
      this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (isOutcome(reply)) return reply;
    return stowOutcome(reply.status, jsonBody(reply), payload.sopInstanceUid);
  }
}
