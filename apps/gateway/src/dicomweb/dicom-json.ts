import type { Response } from 'express';

/**
 * Sends a DICOM JSON body (PS3.18 §F) with the media type exactly `application/dicom+json`. Express
 * appends `; charset=utf-8` to a string body; JSON is UTF-8 by definition (RFC 8259 §8.1) and
 * dicomweb-client compares the media type as a whole, so with the parameter it read every STOW
 * response as empty and never saw which instances failed. A Buffer body is sent as labelled.
 */
export function sendDicomJson(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .type('application/dicom+json')
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}
