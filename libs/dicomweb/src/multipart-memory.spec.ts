import { readMultipart } from './multipart-reader';

/**
 * Boundedness is checked structurally rather than through process.memoryUsage (which depends on
 * when the GC runs): the parser must never have pulled more input than the bytes of the parts it
 * has yielded plus one chunk.
 */
const B = 'lazy-boundary-1';
const PARTS = 400;
const PART_BYTES = 512 * 1024;
const CHUNK = 64 * 1024;

const head = (i: number) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${B}\r\nContent-Type: application/dicom\r\n\r\n`);
const tail = Buffer.from(`\r\n--${B}--\r\n`);
/** Bytes up to and including the delimiter that ends part i. */
const endOfPart = (i: number) => {
  let n = 0;
  for (let k = 0; k <= i; k++) n += head(k).length + PART_BYTES;
  return n + `\r\n--${B}`.length;
};

function lazyBody(stats: { chunks: number; bytes: number }): AsyncIterable<Buffer> {
  async function* segments(): AsyncGenerator<Buffer> {
    for (let i = 0; i < PARTS; i++) {
      yield head(i);
      // Bodies hold CRLF and "--" runs so the delimiter search has work to do.
      const body = Buffer.alloc(PART_BYTES, i % 251);
      body.write('\r\n--lazy-boundary', 1000, 'latin1');
      yield body;
    }
    yield tail;
  }
  return (async function* rechunk() {
    let carry = Buffer.alloc(0);
    for await (const seg of segments()) {
      carry = Buffer.concat([carry, seg]);
      while (carry.length >= CHUNK) {
        const chunk = carry.subarray(0, CHUNK);
        carry = Buffer.from(carry.subarray(CHUNK));
        stats.chunks++;
        stats.bytes += chunk.length;
        yield chunk;
      }
    }
    if (carry.length > 0) {
      stats.chunks++;
      stats.bytes += carry.length;
      yield carry;
    }
  })();
}

describe('readMultipart memory use', () => {
  it('pulls input lazily: 200 MB of parts never hold more than one part plus one chunk', async () => {
    const stats = { chunks: 0, bytes: 0 };
    let index = 0;
    for await (const part of readMultipart(lazyBody(stats), B, { maxPartBytes: PART_BYTES })) {
      if (index === 0) expect(stats.chunks).toBeLessThanOrEqual(Math.ceil((PART_BYTES + 200) / CHUNK) + 1);
      expect(stats.bytes).toBeLessThanOrEqual(endOfPart(index) + CHUNK);
      expect(part.body.length).toBe(PART_BYTES);
      expect(part.body[0]).toBe(index % 251);
      expect(part.body.subarray(1000, 1017).toString('latin1')).toBe('\r\n--lazy-boundary');
      index++;
    }
    expect(index).toBe(PARTS);
    expect(stats.bytes).toBeGreaterThan(200 * 1024 * 1024);
  });
});
