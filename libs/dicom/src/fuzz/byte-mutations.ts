/**
 * Structure-blind mutations of encoded bytes, for what the tree cannot express: a stream cut at any
 * byte (a dropped TCP connection, a short file), single-bit damage, a 32-bit field overwritten with
 * an edge value, bytes inserted, deleted, repeated, or spliced in from another input.
 */
import { INTERESTING_U32, type Prng } from './prng';

export type ByteOp = (b: Buffer, rng: Prng, donor: Buffer) => [Buffer, string];

const truncate: ByteOp = (b, rng) => [b.subarray(0, rng.int(b.length + 1)), 'truncated'];

const flipBits: ByteOp = (b, rng) => {
  if (b.length === 0) return [b, 'bit-flip'];
  const out = Buffer.from(b);
  for (let n = rng.range(1, 8); n > 0; n--) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return [out, 'bit-flip'];
};

const interestingU32: ByteOp = (b, rng) => {
  if (b.length < 4) return [b, 'u32-overwrite'];
  const out = Buffer.from(b);
  // Lengths and tags sit at even offsets in every DICOM encoding; most hits land on a field.
  const at = rng.int(out.length - 3) & (rng.chance(0.8) ? ~1 : ~0);
  const v = rng.pick(INTERESTING_U32);
  if (rng.chance(0.5)) out.writeUInt32LE(v >>> 0, at);
  else out.writeUInt32BE(v >>> 0, at);
  return [out, 'u32-overwrite'];
};

const insertBytes: ByteOp = (b, rng) => {
  const at = rng.int(b.length + 1);
  return [Buffer.concat([b.subarray(0, at), rng.bytes(rng.range(1, 16)), b.subarray(at)]), 'bytes-inserted'];
};

const deleteRange: ByteOp = (b, rng) => {
  const at = rng.int(b.length + 1);
  const end = Math.min(b.length, at + rng.range(1, 64));
  return [Buffer.concat([b.subarray(0, at), b.subarray(end)]), 'bytes-deleted'];
};

const repeatRange: ByteOp = (b, rng) => {
  const at = rng.int(b.length + 1);
  const chunk = b.subarray(at, Math.min(b.length, at + rng.range(4, 256)));
  const times = rng.pick([1, 2, 16]);
  return [Buffer.concat([b.subarray(0, at), ...Array<Buffer>(times).fill(chunk), b.subarray(at)]), 'bytes-repeated'];
};

const splice: ByteOp = (b, rng, donor) => {
  const at = rng.int(b.length + 1);
  const from = rng.int(donor.length + 1);
  return [Buffer.concat([b.subarray(0, at), donor.subarray(from)]), 'spliced'];
};

const BYTE_OPS: readonly (readonly [number, ByteOp])[] = [
  [6, truncate],
  [5, flipBits],
  [5, interestingU32],
  [2, insertBytes],
  [2, deleteRange],
  [2, repeatRange],
  [2, splice],
];

/** Applies 1 to 3 byte mutations; returns the result and their names. */
export function mutateBytes(b: Buffer, rng: Prng, donor: Buffer): [Buffer, string[]] {
  const names: string[] = [];
  for (let n = rng.range(1, 3); n > 0; n--) {
    const [out, name] = rng.weighted(BYTE_OPS)(b, rng, donor);
    b = out;
    names.push(name);
  }
  return [b, names];
}

/** Only the cut: for inputs whose structure must otherwise stay intact (PDU headers, deflate streams). */
export function truncateAnywhere(b: Buffer, rng: Prng): Buffer {
  return truncate(b, rng, b)[0];
}
