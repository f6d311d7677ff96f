import { ByteSource, ByteStream } from './byte-source';
import { isValidBoundary } from './content-type';
import { DicomWebError } from './errors';
import { parseHeaderBlock } from './multipart-headers';

export interface MultipartPart {
  /** Header names lower-cased; repeated headers joined with ", " (RFC 9110 §5.3). */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ReadMultipartOptions {
  /** Largest body accepted for one part; larger fails with dicomweb/part-too-large. */
  maxPartBytes: number;
  /** Largest header block of one part (default 16 KiB). */
  maxHeaderBytes?: number;
  /** Largest whole body, delimiters, preamble and epilogue included; more fails with dicomweb/request-too-large. */
  maxBodyBytes?: number;
  /**
   * Told the size of every chunk pulled, and awaited before the next pull. A consumer sharing a
   * memory budget stops the reading here: a Node stream that is not pulled stops reading its socket,
   * and TCP flow control then slows the sender (RFC 9293 §3.8.6).
   */
  onBytes?: (n: number) => void | Promise<void>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const DASH = 0x2d;
/** Bound on transport padding after a delimiter (RFC 2046 §5.1.1 LWSP), to keep memory bounded. */
const MAX_PADDING = 1024;

const malformed = (message: string): DicomWebError => new DicomWebError('dicomweb/malformed-multipart', message);

/**
 * Streams the body parts of a multipart entity (RFC 2046 §5.1.1, PS3.18 §8.6.1.2), one at a time.
 * Input is pulled a chunk at a time: memory holds the current part plus one chunk. The delimiter
 * is CRLF "--" boundary; a boundary at the very start of the body needs no CRLF, so the window is
 * primed with one. Preamble and epilogue are discarded.
 */
export async function* readMultipart(
  body: ByteStream,
  boundary: string,
  opts: ReadMultipartOptions,
): AsyncGenerator<MultipartPart> {
  if (!isValidBoundary(boundary)) throw new DicomWebError('dicomweb/bad-content-type', 'invalid multipart boundary');
  const reader = new MultipartReader(new ByteSource(body), boundary, opts);
  try {
    await reader.skipPreamble();
    while (await reader.nextPartFollows()) {
      const headers = await reader.readHeaders();
      yield { headers, body: await reader.readBody() };
    }
    await reader.drainEpilogue();
  } finally {
    await reader.close();
  }
}

class MultipartReader {
  private readonly delimiter: Buffer;
  private window: Buffer = CRLF;
  private total = 0;

  constructor(
    private readonly source: ByteSource,
    boundary: string,
    private readonly opts: ReadMultipartOptions,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  async skipPreamble(): Promise<void> {
    await this.scanToDelimiter(() => undefined, 'no opening boundary delimiter');
  }

  /** After a delimiter: "--" closes the body; otherwise padding then CRLF opens a part. */
  async nextPartFollows(): Promise<boolean> {
    await this.need(2);
    if (this.window[0] === DASH && this.window[1] === DASH) return false;
    for (;;) {
      let i = 0;
      while (i < this.window.length && (this.window[i] === 0x20 || this.window[i] === 0x09)) i++;
      if (i + 2 <= this.window.length) {
        if (this.window[i] !== 0x0d || this.window[i + 1] !== 0x0a) {
          throw malformed('boundary delimiter is not followed by CRLF');
        }
        this.window = this.window.subarray(i + 2);
        return true;
      }
      if (this.window.length > MAX_PADDING) throw malformed('transport padding too long');
      await this.need(this.window.length + 1);
    }
  }

  async readHeaders(): Promise<Record<string, string>> {
    const max = this.opts.maxHeaderBytes ?? 16 * 1024;
    await this.need(2);
    if (this.window[0] === 0x0d && this.window[1] === 0x0a) {
      this.window = this.window.subarray(2); // no headers (RFC 2046 §5.1.1 permits it)
      return {};
    }
    let from = 0;
    for (;;) {
      const end = this.window.indexOf(HEADER_END, from);
      if (end >= 0) {
        const headers = parseHeaderBlock(this.window.toString('latin1', 0, end));
        this.window = this.window.subarray(end + HEADER_END.length);
        return headers;
      }
      if (this.window.length > max) throw malformed('part header block too large');
      from = Math.max(0, this.window.length - (HEADER_END.length - 1));
      await this.need(this.window.length + 1);
    }
  }

  async readBody(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    await this.scanToDelimiter((bytes) => {
      size += bytes.length;
      if (size > this.opts.maxPartBytes) {
        throw new DicomWebError('dicomweb/part-too-large', `part exceeds ${this.opts.maxPartBytes} bytes`);
      }
      chunks.push(bytes);
    }, 'missing closing boundary delimiter');
    // One copy per part, so the part never pins the (possibly larger) input chunks it came from.
    return Buffer.concat(chunks, size);
  }

  /** The epilogue is read and discarded, but counted like the rest: it may not be endless. */
  async drainEpilogue(): Promise<void> {
    this.window = Buffer.alloc(0);
    while (await this.pull());
  }

  close(): Promise<void> {
    return this.source.close();
  }

  /**
   * Hands everything before the next delimiter to `emit` and consumes the delimiter. Bytes that
   * could be the start of a delimiter split across chunks stay in the window.
   */
  private async scanToDelimiter(emit: (bytes: Buffer) => void, eofMessage: string): Promise<void> {
    const keep = this.delimiter.length - 1;
    for (;;) {
      const at = this.window.indexOf(this.delimiter);
      if (at >= 0) {
        if (at > 0) emit(this.window.subarray(0, at));
        this.window = this.window.subarray(at + this.delimiter.length);
        return;
      }
      const safe = this.window.length - keep;
      if (safe > 0) {
        emit(this.window.subarray(0, safe));
        this.window = this.window.subarray(safe);
      }
      if (!(await this.fill())) throw malformed(eofMessage);
    }
  }

  /** Pulls until the window holds at least `bytes` bytes; truncated input is malformed. */
  private async need(bytes: number): Promise<void> {
    while (this.window.length < bytes) {
      if (!(await this.fill())) throw malformed('multipart body truncated');
    }
  }

  private async fill(): Promise<boolean> {
    const chunk = await this.pull();
    if (!chunk) return false;
    this.window = this.window.length === 0 ? chunk : Buffer.concat([this.window, chunk]);
    return true;
  }

  private async pull(): Promise<Buffer | undefined> {
    const chunk = await this.source.pull();
    if (!chunk) return undefined;
    this.total += chunk.length;
    const max = this.opts.maxBodyBytes;
    if (max !== undefined && this.total > max) {
      throw new DicomWebError('dicomweb/request-too-large', `request body exceeds ${max} bytes`);
    }
    const wait = this.opts.onBytes?.(chunk.length);
    if (wait) await wait;
    return chunk;
  }
}
