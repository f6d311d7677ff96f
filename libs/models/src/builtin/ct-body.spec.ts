import type { Mat3, Volume } from '@delineo/volume';
import { meanWorldX } from './ct-body.lungs';
import { segmentCtBody } from './ct-body';
import { checkInput, getBuiltin } from './registry';

const N = 64;
const NZ = 12;
const SP = 4; // mm: a 256 mm field of view

/** Axial phantom in LPS world mm; `flipX` stores columns right→left as a RAS-ordered file would. */
function phantom(opts: { flipX?: boolean; joinLungs?: boolean; leftOnly?: boolean } = {}): Volume {
  const data = new Float32Array(N * N * NZ);
  const c = ((N - 1) * SP) / 2;
  const sx = opts.flipX ? -1 : 1;
  for (let k = 0, v = 0; k < NZ; k++) {
    for (let j = 0; j < N; j++) {
      for (let i = 0; i < N; i++, v++) {
        const x = sx * (i * SP - c),
          y = j * SP - c; // x > 0 is the patient's left
        let hu = -1000;
        if ((x / 110) ** 2 + (y / 80) ** 2 <= 1) {
          hu = 40;
          if (x ** 2 + (y - 45) ** 2 <= 15 ** 2) hu = 700;
          const inLung = (cx: number) => ((x - cx) / 35) ** 2 + (y / 50) ** 2 <= 1;
          if (inLung(55) || (!opts.leftOnly && inLung(-55))) hu = -850;
          if (opts.joinLungs && Math.abs(x) < 60 && Math.abs(y) < 6) hu = -850;
        }
        data[v] = hu;
      }
    }
  }
  const direction: Mat3 = [sx, 0, 0, 0, 1, 0, 0, 0, 1];
  return { dims: [N, N, NZ], spacing: [SP, SP, SP], origin: [-sx * c, -c, 0], direction, data, sources: [] };
}

const side = (vol: Volume, labelMap: Uint8Array, label: number): number =>
  meanWorldX(
    labelMap.map((l) => (l === label ? 1 : 0)),
    vol,
  );

describe('segmentCtBody', () => {
  it('labels body, bone and the lung at LPS +x as the left lung', () => {
    const vol = phantom();
    const { labelMap, volumes } = segmentCtBody(vol);
    expect(volumes.map((l) => l.name)).toEqual(['Body', 'Left lung', 'Right lung', 'Bone']);
    expect(volumes.every((l) => l.voxels > 0)).toBe(true);
    expect(side(vol, labelMap, 2)).toBeGreaterThan(30);
    expect(side(vol, labelMap, 3)).toBeLessThan(-30);
    expect(labelMap[0]).toBe(0);
    expect(volumes[1].volumeMl).toBeCloseTo(volumes[1].voxels * 0.064, 6);
  });

  it('follows the direction cosines, not the column order, when columns run right to left', () => {
    const plain = segmentCtBody(phantom());
    const vol = phantom({ flipX: true });
    const flipped = segmentCtBody(vol);
    expect(side(vol, flipped.labelMap, 2)).toBeGreaterThan(30);
    expect(flipped.volumes.map((l) => l.voxels)).toEqual(plain.volumes.map((l) => l.voxels));
  });

  it('splits lungs joined through an airway at the body midline', () => {
    const vol = phantom({ joinLungs: true });
    const { labelMap, volumes } = segmentCtBody(vol);
    expect(volumes[1].voxels).toBeGreaterThan(0);
    expect(Math.abs(volumes[1].voxels - volumes[2].voxels)).toBeLessThan(0.05 * volumes[1].voxels);
    expect(side(vol, labelMap, 2)).toBeGreaterThan(0);
  });

  it('finds one lung on its own side when the other is absent', () => {
    const vol = phantom({ leftOnly: true });
    const { volumes } = segmentCtBody(vol);
    expect(volumes[1].voxels).toBeGreaterThan(0);
    expect(volumes[2].voxels).toBe(0);
  });

  it('ignores enclosed air pockets smaller than minLungMl', () => {
    const { volumes } = segmentCtBody(phantom(), { minLungMl: 1e6 });
    expect(volumes[1].voxels + volumes[2].voxels).toBe(0);
  });

  it('rejects data that does not match dims with models/invalid-input', () => {
    const vol = { ...phantom(), data: new Float32Array(5) };
    expect(() => segmentCtBody(vol)).toThrow(expect.objectContaining({ code: 'models/invalid-input' }));
  });
});

describe('built-in registry', () => {
  it('runs ct-body by algorithm name and refuses unknown algorithms and non-CT input', () => {
    const model = getBuiltin('ct-body');
    expect(model.run(phantom()).labelMap.length).toBe(N * N * NZ);
    expect(() => getBuiltin('nope')).toThrow(expect.objectContaining({ code: 'models/unknown-algorithm' }));
    expect(() => checkInput(model.manifest, phantom(), 'MR')).toThrow(
      expect.objectContaining({ code: 'models/input-rejected' }),
    );
    expect(() => checkInput(model.manifest, phantom(), 'CT')).not.toThrow();
  });
});
