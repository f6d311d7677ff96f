/**
 * Byte builders for the hostile-input tests: explicit VR little endian elements (PS3.5 §7.1.2),
 * datasets with the four UIDs the gateway needs (no file meta, as C-STORE carries them), and what
 * makes them hostile: item floods, deep nesting, a deflate bomb.
 */
import { deflateRawSync } from 'node:zlib';
import { Tag } from '@delineo/dicom';
import { CT_IMAGE_STORAGE } from '../../../test-support/dimse-raw';

export const u16 = (n: number): Buffer => Buffer.from([n & 0xff, n >> 8]);
export const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
export const tag = (t: number): Buffer => Buffer.concat([u16(t >>> 16), u16(t & 0xffff)]);
export const ui = (t: number, v: string): Buffer => {
  const padded = v.length % 2 ? `${v}\0` : v;
  return Buffer.concat([tag(t), Buffer.from('UI'), u16(padded.length), Buffer.from(padded)]);
};

export function uidsFor(sop: string): Buffer {
  return Buffer.concat([
    ui(Tag.SOPClassUID, CT_IMAGE_STORAGE),
    ui(Tag.SOPInstanceUID, sop),
    ui(Tag.StudyInstanceUID, '1.2.826.0.1.3680043.10.1.1'),
    ui(Tag.SeriesInstanceUID, '1.2.826.0.1.3680043.10.1.2'),
  ]);
}

/** (0040,0275) Request Attributes Sequence, undefined length, opened (its items follow). */
export const openSq = (): Buffer => Buffer.concat([tag(0x00400275), Buffer.from('SQ'), u16(0), u32(0xffffffff)]);
/** `n` empty items of defined length 0: 8 bytes each, one Dataset each for a naive parser. */
export const emptyItems = (n: number): Buffer =>
  Buffer.concat(Array.from({ length: n }, () => Buffer.concat([tag(Tag.Item), u32(0)])));
export const closeSq = (): Buffer => Buffer.concat([tag(Tag.SequenceDelimitationItem), u32(0)]);

export function deep(depth: number): Buffer {
  let body = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) {
    const itemBytes = Buffer.concat([tag(Tag.Item), u32(0xffffffff), body, tag(0xfffee00d), u32(0)]);
    body = Buffer.concat([openSq(), itemBytes, closeSq()]);
  }
  return body;
}

/** A dataset with a private OB element of `bytes` (a large but well-formed instance). */
export function bulky(sop: string, bytes: number): Buffer {
  return Buffer.concat([
    uidsFor(sop),
    tag(0x00090010),
    Buffer.from('LO'),
    u16(8),
    Buffer.from('HOSTILE '),
    tag(0x00091010),
    Buffer.from('OB'),
    u16(0),
    u32(bytes),
    Buffer.alloc(bytes, 0x5a),
  ]);
}

/**
 * Deflated Explicit VR Little Endian (PS3.5 §A.5): the whole dataset is raw-deflated. A valid
 * header followed by a long run of zeros compresses about 1000:1, so ~1 MB inflates to ~1 GB.
 */
export function deflateBomb(sop: string, inflatedBytes: number): Buffer {
  const zeros = Buffer.alloc(inflatedBytes);
  return deflateRawSync(Buffer.concat([uidsFor(sop), zeros]), { level: 9 });
}
