import { ModelError } from './errors';
import { coverage, dice } from './metrics';
import { labelVolumes } from './volumetry';

describe('labelVolumes', () => {
  it('counts voxels per label and converts mm³ to mL', () => {
    const map = Uint8Array.from([0, 1, 1, 2, 2, 2, 4]);
    expect(
      labelVolumes(
        map,
        [0.5, 0.5, 2],
        [
          { value: 1, name: 'a' },
          { value: 2, name: 'b' },
          { value: 3, name: 'c' },
        ],
      ),
    ).toEqual([
      { value: 1, name: 'a', voxels: 2, volumeMl: 0.001 },
      { value: 2, name: 'b', voxels: 3, volumeMl: 0.0015 },
      { value: 3, name: 'c', voxels: 0, volumeMl: 0 },
    ]);
  });

  it('rejects a non-positive spacing with models/invalid-input', () => {
    expect(() => labelVolumes(new Uint8Array(1), [1, 0, 1], [])).toThrow(
      expect.objectContaining({ code: 'models/invalid-input' }),
    );
    expect(() => labelVolumes(new Uint8Array(1), [1, 0, 1], [])).toThrow(ModelError);
  });
});

describe('overlap metrics', () => {
  it('computes Dice and coverage, 1 for empty references', () => {
    const a = Uint8Array.from([1, 1, 0, 0]);
    const b = Uint8Array.from([0, 1, 1, 0]);
    expect(dice(a, b)).toBeCloseTo(0.5);
    expect(coverage(a, b)).toBeCloseTo(0.5);
    expect(dice(new Uint8Array(4), new Uint8Array(4))).toBe(1);
    expect(() => dice(a, new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'models/invalid-input' }));
  });
});
