/**
 * Pull-based view over a byte stream: one chunk per pull, so callers control how much input is in
 * memory. Node Readables are async-iterable; returning the iterator early destroys the stream.
 */
export type ByteStream = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export class ByteSource {
  private readonly iterator: AsyncIterator<unknown>;
  private done = false;

  constructor(stream: ByteStream) {
    const factory = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator];
    if (typeof factory !== 'function') throw new TypeError('multipart body must be async-iterable');
    this.iterator = factory.call(stream);
  }

  /** Next non-empty chunk, or undefined at end of input. */
  async pull(): Promise<Buffer | undefined> {
    while (!this.done) {
      const r = await this.iterator.next();
      if (r.done) {
        this.done = true;
        break;
      }
      const chunk = toBuffer(r.value);
      if (chunk.length > 0) return chunk;
    }
    return undefined;
  }

  /** Releases the underlying stream when the consumer stops early. */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.iterator.return?.();
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // A string chunk means someone set an encoding on the stream: the bytes are already lost.
  throw new TypeError('multipart body must yield bytes, not strings');
}
