import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encodeMultipart, multipartContentType, type OutgoingPart, randomBoundary } from '@delineo/dicomweb';

/**
 * Streams a multipart/related response (PS3.18 §8.7.3.3). The first part is built before the status
 * line goes out, so a single-instance request that cannot be served gets its 4xx; a later failure
 * can only cut the body short, which the client sees as a missing closing boundary.
 */
export async function sendMultipart(
  res: Response,
  partType: string,
  parts: AsyncIterator<OutgoingPart>,
): Promise<void> {
  const first = await parts.next();
  async function* all(): AsyncGenerator<OutgoingPart> {
    if (first.done) return;
    yield first.value;
    for (let r = await parts.next(); !r.done; r = await parts.next()) yield r.value;
  }
  const boundary = randomBoundary();
  res.status(200).setHeader('Content-Type', multipartContentType(boundary, partType));
  await pipeline(Readable.from(encodeMultipart(all(), boundary)), res).catch(() => undefined);
}
