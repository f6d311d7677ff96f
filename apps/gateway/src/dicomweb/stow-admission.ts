import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { DicomWebError } from '@delineo/dicomweb';
import { CoreTokens } from '../core/core.tokens';
import { InflightBudget } from '../ingest/inflight-budget';

/** One admitted STOW request: its share of the in-flight budget and its place among the requests. */
export interface StowTicket {
  /** For readMultipart's onBytes: counts a chunk, and waits while the budget is used up. */
  onBytes(n: number): void | Promise<void>;
  /**
   * A part was ingested (or refused): every byte counted so far is given back, the part's and those
   * of its headers, delimiters and any preamble, so they do not add up over many parts. Bytes of
   * the next part already read ahead (one chunk at most) are given back early.
   */
  settle(): void;
  /** The request is over, however it ended; safe to call twice. */
  release(): void;
}

/**
 * Which STOW-RS requests may start (issue 13 §4). Every refusal happens before a byte of the body
 * is read: a declared length over `stow.maxRequestBytes` can never succeed (413, RFC 9110 §15.5.14);
 * too many requests at once, or an in-flight budget already used up, is a state that passes (503,
 * RFC 9110 §15.6.4, with Retry-After). A 503 instead of a queue: a waiting request would hold its
 * connection and its sender's data for nothing, while the sender can retry later.
 */
@Injectable()
export class StowAdmission {
  private active = 0;

  constructor(
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'stow'>,
    @Inject(InflightBudget) private readonly budget: InflightBudget,
  ) {}

  /** STOW requests being served now. */
  get inProgress(): number {
    return this.active;
  }

  admit(contentLength: string | undefined): StowTicket {
    const { maxRequestBytes, maxConcurrent } = this.config.stow;
    // Node's parser has already refused a Content-Length that is not a number (RFC 9112 §6.3).
    if (contentLength !== undefined && Number(contentLength) > maxRequestBytes) {
      throw new DicomWebError('dicomweb/request-too-large', `request body exceeds ${maxRequestBytes} bytes`);
    }
    if (this.active >= maxConcurrent) {
      throw new DicomWebError('dicomweb/busy', `${maxConcurrent} STOW requests are being served; retry later`);
    }
    if (this.budget.exhausted) {
      throw new DicomWebError('dicomweb/busy', 'too many bytes are being received; retry later');
    }
    this.active++;
    const hold = this.budget.hold();
    let open = true;
    return {
      onBytes: (n) => (hold.add(n) ? undefined : hold.ready()),
      settle: () => hold.free(hold.held),
      release: () => {
        if (!open) return;
        open = false;
        this.active--;
        hold.release();
      },
    };
  }
}
