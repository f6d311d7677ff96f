import { bitAt, forEachSetBit, packedLength } from './bits';

describe('1-bit packing across frame boundaries (PS3.5 §8.1.1)', () => {
  it('pads only the whole value to even length, never a frame', () => {
    expect(packedLength(15, 1)).toBe(2);
    expect(packedLength(15, 3)).toBe(6); // 45 bits → 6 bytes
    expect(packedLength(15, 9)).toBe(18); // 135 bits → 17 bytes → even 18
    expect(packedLength(16, 2)).toBe(4);
  });

  it('reads frame n from bit n·pixels, least significant bit first', () => {
    // 3 frames of 5 pixels: 10000 01000 00111 → bits 0, 6, 12, 13, 14
    const packed = Uint8Array.from([0b01000001, 0b01110000]);
    expect([0, 1, 2, 3, 4].map((i) => bitAt(packed, 5, 0, i))).toEqual([1, 0, 0, 0, 0]);
    expect([0, 1, 2, 3, 4].map((i) => bitAt(packed, 5, 1, i))).toEqual([0, 1, 0, 0, 0]);
    expect([0, 1, 2, 3, 4].map((i) => bitAt(packed, 5, 2, i))).toEqual([0, 0, 1, 1, 1]);
  });

  it('visits exactly the set pixels of a frame that starts and ends mid-byte', () => {
    const packed = Uint8Array.from([0b01000001, 0b01110000]);
    const seen: number[][] = [0, 1, 2].map(() => []);
    for (let f = 0; f < 3; f++) forEachSetBit(packed, 5, f, (i) => seen[f].push(i));
    expect(seen).toEqual([[0], [1], [2, 3, 4]]);
  });
});
