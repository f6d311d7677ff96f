import { Readable } from 'node:stream';
import { DicomWebError } from './errors';
import { readMultipart, MultipartPart } from './multipart-reader';
import { encodeMultipartBuffer } from './multipart-writer';

const B = 'b0undary-7Qx';

async function* chunked(buf: Buffer, sizes: (i: number) => number): AsyncGenerator<Buffer> {
  for (let o = 0, i = 0; o < buf.length; i++) {
    const n = Math.max(1, sizes(i));
    yield buf.subarray(o, o + n);
    o += n;
  }
}

async function collect(source: AsyncIterable<Buffer> | Readable, max = 1 << 20): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const p of readMultipart(source, B, { maxPartBytes: max })) parts.push(p);
  return parts;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(DicomWebError);
  await expect(promise).rejects.toMatchObject({ code });
}

/** Deterministic PRNG (mulberry32) so random chunkings reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Bodies that look like delimiters but are not: CRLF, "--", a boundary without CRLF, a CRLF plus
// a truncated boundary, a CR alone, and bytes of every value.
const trickyBodies = [
  Buffer.from('\r\n--\r\n--b0undary-7Q\r\n\r\n'),
  Buffer.from(`xx--${B}--\r\n-${B}`),
  Buffer.from(`\r\n-${B}\r--${B}\n--${B}`),
  Buffer.alloc(0),
  Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
  Buffer.from('\r\n\r\n\r'),
];
const tricky = encodeMultipartBuffer(
  trickyBodies.map((body, i) => ({
    contentType: 'application/dicom',
    body,
    headers: { 'Content-Location': `/p/${i}` },
  })),
  B,
);

function expectTricky(parts: MultipartPart[]): void {
  expect(parts.map((p) => p.body.toString('hex'))).toEqual(trickyBodies.map((b) => b.toString('hex')));
  expect(parts.map((p) => p.headers['content-location'])).toEqual(trickyBodies.map((_, i) => `/p/${i}`));
  expect(parts[0].headers['content-type']).toBe('application/dicom');
}

describe('readMultipart', () => {
  it('parses parts whose bodies contain CRLF, dashes and near-boundary bytes', async () => {
    expectTricky(await collect(chunked(tricky, () => tricky.length)));
  });

  it('parses the same message fed one byte at a time', async () => {
    expectTricky(await collect(chunked(tricky, () => 1)));
  });

  it('parses the message split in two at every possible position', async () => {
    for (let cut = 0; cut <= tricky.length; cut++) {
      const parts = await collect(chunked(tricky, (i) => (i === 0 ? cut || tricky.length : tricky.length)));
      expect(parts.map((p) => p.body.toString('hex'))).toEqual(trickyBodies.map((b) => b.toString('hex')));
    }
  });

  it('parses the message under random chunkings', async () => {
    const next = rng(42);
    for (let round = 0; round < 200; round++) {
      const max = 1 + Math.floor(next() * 64);
      expectTricky(await collect(chunked(tricky, () => 1 + Math.floor(next() * max))));
    }
  });

  it('reads a node Readable stream', async () => {
    expectTricky(await collect(Readable.from(chunked(tricky, () => 7))));
  });

  it('discards preamble and epilogue and tolerates transport padding', async () => {
    const msg = Buffer.from(
      `This is a preamble.\r\n--${B} \t\r\nContent-Type: application/dicom\r\n\r\nONE\r\n--${B}\r\n\r\nTWO\r\n--${B}--  \r\nepilogue --${B}\r\n`,
    );
    const parts = await collect(chunked(msg, () => 5));
    expect(parts.map((p) => p.body.toString())).toEqual(['ONE', 'TWO']);
    expect(parts[1].headers).toEqual({});
  });

  it('unfolds folded headers and joins repeated ones', async () => {
    const msg = Buffer.from(`--${B}\r\nX-A: one\r\n two\r\nX-B: 1\r\nx-b: 2\r\n\r\nbody\r\n--${B}--`);
    const [part] = await collect(chunked(msg, () => 3));
    expect(part.headers).toEqual({ 'x-a': 'one two', 'x-b': '1, 2' });
  });

  it('yields nothing for a body holding only the close delimiter', async () => {
    expect(await collect(chunked(Buffer.from(`--${B}--\r\n`), () => 2))).toEqual([]);
  });

  it.each([
    ['the close delimiter is missing', `--${B}\r\n\r\nbody`],
    ['the body stops right after a delimiter', `--${B}\r\n\r\nbody\r\n--${B}`],
    ['the body stops inside the part headers', `--${B}\r\nContent-Type: appl`],
    ['there is no boundary at all', 'just some bytes'],
    ['the input is empty', ''],
    ['a delimiter is followed by other text', `--${B}\r\n\r\nbody\r\n--${B}X\r\n\r\nmore\r\n--${B}--`],
    ['a header line has no colon', `--${B}\r\nnot a header\r\n\r\nbody\r\n--${B}--`],
  ])('fails with malformed-multipart when %s', async (_label, text) => {
    await expectCode(collect(chunked(Buffer.from(text), () => 4)), 'dicomweb/malformed-multipart');
  });

  it('fails with part-too-large when a body exceeds maxPartBytes, and accepts one exactly at it', async () => {
    const msg = (n: number) =>
      encodeMultipartBuffer([{ contentType: 'application/dicom', body: Buffer.alloc(n, 7) }], B);
    await expect(
      collect(
        chunked(msg(100), () => 9),
        100,
      ),
    ).resolves.toHaveLength(1);
    await expectCode(
      collect(
        chunked(msg(101), () => 9),
        100,
      ),
      'dicomweb/part-too-large',
    );
  });

  it('fails with request-too-large past maxBodyBytes, epilogue included, and accepts a body exactly at it', async () => {
    const msg = Buffer.concat([tricky, Buffer.from('epilogue')]);
    const read = (max: number) =>
      (async () => {
        for await (const _p of readMultipart(
          chunked(msg, () => 11),
          B,
          { maxPartBytes: 1 << 20, maxBodyBytes: max },
        ));
      })();
    await expect(read(msg.length)).resolves.toBeUndefined();
    await expectCode(read(msg.length - 1), 'dicomweb/request-too-large');
  });

  it('reports every chunk to onBytes and pulls no further until its promise settles', async () => {
    let pulled = 0;
    const source = (async function* () {
      for await (const c of chunked(tricky, () => 64)) {
        pulled += c.length;
        yield c;
      }
    })();
    const seen: number[] = [];
    let gate: (() => void) | undefined;
    const reading = (async () => {
      for await (const _p of readMultipart(source, B, {
        maxPartBytes: 1 << 20,
        onBytes: (n) => {
          seen.push(n);
          // Hold the first chunk: the reader must wait, not pull the next one.
          if (seen.length === 1) return new Promise<void>((r) => (gate = r));
        },
      }));
    })();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([64]);
    expect(pulled).toBe(64);
    gate!();
    await reading;
    expect(seen.reduce((a, b) => a + b, 0)).toBe(tricky.length);
    expect(pulled).toBe(tricky.length);
  });

  it('fails on an oversized header block', async () => {
    const msg = Buffer.from(`--${B}\r\nX: ${'a'.repeat(20000)}\r\n\r\nbody\r\n--${B}--`);
    await expectCode(collect(chunked(msg, () => 1000)), 'dicomweb/malformed-multipart');
  });

  it('returns the input iterator when the consumer stops early', async () => {
    let returned = false;
    const source: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]() {
        const inner = chunked(tricky, () => 16);
        return {
          next: () => inner.next(),
          return: async () => ((returned = true), { done: true as const, value: undefined }),
        };
      },
    };
    for await (const _part of readMultipart(source, B, { maxPartBytes: 1 << 20 })) break;
    expect(returned).toBe(true);
  });

  it('rejects an invalid boundary', async () => {
    await expectCode(
      readMultipart(
        chunked(tricky, () => 10),
        'bad\r\n',
        { maxPartBytes: 10 },
      ).next(),
      'dicomweb/bad-content-type',
    );
  });

  it('rejects string chunks, whose bytes are already lost', async () => {
    await expect(collect(Readable.from(['--x'], { objectMode: true }))).rejects.toThrow(TypeError);
  });
});
