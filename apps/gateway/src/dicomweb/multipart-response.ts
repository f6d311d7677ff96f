import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@delineo/observability';
import { encodeMultipart, multipartContentType, type OutgoingPart, randomBoundary } from '@delineo/dicomweb';
import { CoreTokens } from '../core/core.tokens';
import { codeOf } from '../errors/error-code';

/**
 * Streams a multipart/related response (PS3.18 §8.7.3.3). The first part is built before the status
 * line goes out, so a single-instance request that cannot be served gets its 4xx; a later failure
 * can only cut the body short, which the client sees as a missing closing boundary — so it is
 * logged here with its code (never its message, which may quote dataset values), or nobody would
 * know why a viewer's image stayed black.
 */
@Injectable()
export class MultipartResponder {
  constructor(@Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn' | 'debug'>) {}

  async send(res: Response, partType: string, parts: AsyncIterator<OutgoingPart>): Promise<void> {
    const first = await parts.next();
    async function* all(): AsyncGenerator<OutgoingPart> {
      if (first.done) return;
      yield first.value;
      for (let r = await parts.next(); !r.done; r = await parts.next()) yield r.value;
    }
    const boundary = randomBoundary();
    res.status(200).setHeader('Content-Type', multipartContentType(boundary, partType));
    try {
      await pipeline(Readable.from(encodeMultipart(all(), boundary)), res);
    } catch (err) {
      // The client going away (premature close) is routine; anything else is our failure.
      const gone = (err as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (gone) this.log.debug({ event: 'wado-client-gone' }, 'client closed a multipart response');
      else this.log.warn({ event: 'wado-response-cut', code: codeOf(err) }, 'multipart response cut short');
    }
  }
}
