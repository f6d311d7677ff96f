import { close, dilate, erode } from './binary';
import { findComponents, keepLargestComponents, labelComponents, removeSmallComponents } from './components';
import { fillHoles, outsideMask } from './fill-holes';
import { Dims } from './grid';

const D: Dims = [7, 7, 7];
const idx = (i: number, j: number, k: number): number => i + 7 * (j + 7 * k);
const sum = (m: Uint8Array): number => m.reduce((s, x) => s + x, 0);
const cube = (lo: number, hi: number): Uint8Array => {
  const m = new Uint8Array(343);
  for (let k = lo; k <= hi; k++) for (let j = lo; j <= hi; j++) for (let i = lo; i <= hi; i++) m[idx(i, j, k)] = 1;
  return m;
};

describe('binary morphology', () => {
  it('dilates one voxel to a 7-voxel cross with the 6-neighbourhood and a 27-voxel box with 26', () => {
    const m = new Uint8Array(343);
    m[idx(3, 3, 3)] = 1;
    expect(sum(dilate(m, D, 6))).toBe(7);
    expect(sum(dilate(m, D, 26))).toBe(27);
    expect(sum(dilate(m, D, 6, 2))).toBe(25);
  });

  it('erodes a 3×3×3 cube to its centre with either neighbourhood and undoes dilation', () => {
    expect(sum(erode(cube(2, 4), D, 26))).toBe(1);
    expect(sum(erode(cube(2, 4), D, 6))).toBe(1);
    expect(erode(dilate(cube(2, 4), D, 26), D, 26)).toEqual(cube(2, 4));
  });

  it('ignores voxels outside the grid: a full mask survives erosion, dilation stays in bounds', () => {
    expect(sum(erode(new Uint8Array(343).fill(1), D, 26))).toBe(343);
    const corner = new Uint8Array(343);
    corner[0] = 1;
    expect(sum(dilate(corner, D, 26))).toBe(8);
  });

  it('closes a one-voxel gap between two slabs', () => {
    const m = cube(1, 5);
    for (let j = 1; j <= 5; j++) for (let i = 1; i <= 5; i++) m[idx(i, j, 3)] = 0;
    expect(findComponents(m, D, 6)).toHaveLength(2);
    expect(findComponents(close(m, D, 6), D, 6)).toHaveLength(1);
  });
});

describe('connected components', () => {
  const twoBlobs = (): Uint8Array => {
    const m = cube(0, 2);
    m[idx(6, 6, 6)] = 1;
    m[idx(5, 5, 5)] = 1; // diagonal neighbour: joined only with 26-connectivity
    return m;
  };

  it('counts components per connectivity, largest first', () => {
    expect(findComponents(twoBlobs(), D, 6).map((c) => c.voxels)).toEqual([27, 1, 1]);
    expect(findComponents(twoBlobs(), D, 26).map((c) => c.voxels)).toEqual([27, 2]);
  });

  it('labels components 1…n by size and keeps or removes them', () => {
    const { labels, components } = labelComponents(twoBlobs(), D, 26);
    expect(components).toHaveLength(2);
    expect(labels[idx(1, 1, 1)]).toBe(1);
    expect(labels[idx(6, 6, 6)]).toBe(2);
    expect(sum(keepLargestComponents(twoBlobs(), D, 1, 26))).toBe(27);
    const m = twoBlobs();
    expect(removeSmallComponents(m, D, 2, 6)).toBe(2);
    expect(sum(m)).toBe(27);
    expect(m.every((x) => x === 0 || x === 1)).toBe(true);
  });
});

describe('hole filling', () => {
  it('fills an enclosed cavity slice by slice but not a channel open to the border', () => {
    const shell = cube(1, 5);
    const inner = cube(2, 4);
    for (let v = 0; v < 343; v++) if (inner[v]) shell[v] = 0;
    expect(fillHoles(shell, D, true)).toEqual(cube(1, 5));
    const open = shell.slice();
    open[idx(1, 3, 3)] = 0; // opens slice k = 3 to the outside
    const filled = fillHoles(open, D, true);
    expect(filled[idx(3, 3, 3)]).toBe(0);
    expect(filled[idx(3, 3, 2)]).toBe(1);
    expect(fillHoles(open, D, false)[idx(3, 3, 3)]).toBe(0);
  });

  it('marks as outside only background connected to the border', () => {
    const shell = cube(1, 5);
    shell[idx(3, 3, 3)] = 0;
    const out = outsideMask(shell, D);
    expect(out[idx(0, 0, 0)]).toBe(1);
    expect(out[idx(3, 3, 3)]).toBe(0);
    expect(sum(out)).toBe(343 - 125);
  });
});
