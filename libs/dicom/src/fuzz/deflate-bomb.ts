/**
 * Deflated Explicit VR Little Endian bodies (PS3.5 §A.5: the whole dataset one raw deflate stream),
 * and deflate bombs: a body followed by a run of zeros (one long OB value) that inflates hundreds
 * of times past its size. The zeros are a second deflate stream after a sync flush (raw deflate
 * streams concatenate), deflated once per size and kept, so a bomb costs a case almost nothing.
 */
import { constants, deflateRawSync } from 'node:zlib';
import type { Prng } from './prng';
import { encodeTree } from './tree-encoder';

const tails = new Map<number, Buffer>();

function zeros(size: number): Buffer {
  let tail = tails.get(size);
  if (!tail) {
    const header = encodeTree([{ kind: 'element', tag: 0x7fe11010, vr: 'OB', value: Buffer.alloc(0), length: size }], {
      implicit: false,
      bigEndian: false,
    });
    tail = deflateRawSync(Buffer.concat([header, Buffer.alloc(size)]), { level: 9 });
    tails.set(size, tail);
  }
  return tail;
}

/** Deflates `body`; one time in seven a bomb instead, named in `mutations`. */
export function deflateBody(body: Buffer, rng: Prng, mutations: string[]): Buffer {
  if (!rng.chance(0.15)) return deflateRawSync(body);
  const size = rng.pick([1 << 20, 16 << 20]);
  mutations.push(`deflate-bomb:${size}`);
  return Buffer.concat([deflateRawSync(body, { finishFlush: constants.Z_SYNC_FLUSH }), zeros(size)]);
}
