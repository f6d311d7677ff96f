import { crc32 } from 'node:zlib';

/**
 * On-disk record of the object journal (see object-journal.ts). Little-endian header:
 *   0 magic "DLJ1" · 4 generation · 8 type · 10 key length · 12 data length · 16 CRC-32 of key+data
 *   · 20 CRC-32 of bytes 0–19; then the key (UTF-8) and the data.
 * A segment is a run of records of one generation from offset 0; the first header that does not
 * verify (zeros, a torn write, an older generation left behind after a reset) ends it.
 */
export const HEADER_BYTES = 24;
const MAGIC = 0x314a4c44; // "DLJ1"

export const enum RecordType {
  Put = 1,
  Delete = 2,
  /** A put whose key and data were zeroed after the object was deleted; skipped, lengths kept. */
  Erased = 3,
}

export interface RecordHeader {
  generation: number;
  type: RecordType;
  keyLength: number;
  dataLength: number;
  bodyCrc: number;
}

export function encodeHeader(h: RecordHeader): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(h.generation, 4);
  b.writeUInt8(h.type, 8);
  b.writeUInt16LE(h.keyLength, 10);
  b.writeUInt32LE(h.dataLength, 12);
  b.writeUInt32LE(h.bodyCrc >>> 0, 16);
  b.writeUInt32LE(crc32(b.subarray(0, 20)) >>> 0, 20);
  return b;
}

/** Undefined when the bytes are not a valid header (end of the segment). */
export function decodeHeader(b: Uint8Array): RecordHeader | undefined {
  if (b.length < HEADER_BYTES) return undefined;
  const v = Buffer.from(b.buffer, b.byteOffset, HEADER_BYTES);
  if (v.readUInt32LE(0) !== MAGIC || v.readUInt32LE(20) !== crc32(v.subarray(0, 20)) >>> 0) return undefined;
  const type = v.readUInt8(8);
  if (type < RecordType.Put || type > RecordType.Erased) return undefined;
  return {
    generation: v.readUInt32LE(4),
    type,
    keyLength: v.readUInt16LE(10),
    dataLength: v.readUInt32LE(12),
    bodyCrc: v.readUInt32LE(16),
  };
}

export function bodyCrc(key: Buffer, chunks: readonly Uint8Array[]): number {
  let c = crc32(key);
  for (const chunk of chunks) c = crc32(chunk, c);
  return c >>> 0;
}

export interface ScannedRecord {
  type: RecordType.Put | RecordType.Delete;
  generation: number;
  key: string;
  data: Buffer;
}

/** The verified records of one segment image, in order; stops at the first record that does not verify. */
export function* scanSegment(image: Buffer): Generator<ScannedRecord> {
  let generation: number | undefined;
  for (let off = 0; off + HEADER_BYTES <= image.length;) {
    const h = decodeHeader(image.subarray(off, off + HEADER_BYTES));
    if (!h || (generation !== undefined && h.generation !== generation)) return;
    generation = h.generation;
    const start = off + HEADER_BYTES;
    const end = start + h.keyLength + h.dataLength;
    if (end > image.length) return;
    off = end;
    if (h.type === RecordType.Erased) continue;
    const key = image.subarray(start, start + h.keyLength);
    const data = image.subarray(start + h.keyLength, end);
    if (bodyCrc(key, [data]) !== h.bodyCrc) return; // torn: never acknowledged
    yield { type: h.type, generation: h.generation, key: key.toString('utf8'), data };
  }
}

/** Generation of a segment's first valid record; undefined for an empty segment. */
export function firstGeneration(image: Buffer): number | undefined {
  return decodeHeader(image.subarray(0, HEADER_BYTES))?.generation;
}
