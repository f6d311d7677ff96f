import type { Vec3 } from '@delineo/volume';
import { dicomLabToRgb, rgbToDicomLab } from './color';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs = require('dcmjs') as { data: { Colors: { rgb2DICOMLAB(rgb: number[]): number[] } } };

describe('Recommended Display CIELab Value (PS3.3 §C.10.7.1.1)', () => {
  it('scales neutral colours to L* 0…65535 with a* = b* = 0x8080', () => {
    expect(rgbToDicomLab([0, 0, 0])).toEqual([0, 0x8080, 0x8080]);
    expect(rgbToDicomLab([255, 255, 255])).toEqual([65535, 0x8080, 0x8080]);
  });

  it('matches the value dcmqi wrote for its liver colour (221,130,101) within rounding', () => {
    const lab = rgbToDicomLab([221, 130, 101]);
    [41661, 41167, 40792].forEach((v, i) => expect(Math.abs(lab[i] - v)).toBeLessThanOrEqual(4));
  });

  it('agrees with dcmjs (what OHIF renders) within 8 of 65535 (0.01 %) on every channel', () => {
    for (let r = 0; r < 256; r += 51)
      for (let g = 0; g < 256; g += 51)
        for (let b = 0; b < 256; b += 51) {
          const ours = rgbToDicomLab([r, g, b]);
          const theirs = dcmjs.data.Colors.rgb2DICOMLAB([r / 255, g / 255, b / 255]);
          ours.forEach((v, i) => expect(Math.abs(v - theirs[i])).toBeLessThanOrEqual(8));
        }
  });

  it('converts back to the same sRGB colour', () => {
    for (let r = 0; r < 256; r += 51)
      for (let g = 0; g < 256; g += 51)
        for (let b = 0; b < 256; b += 15) {
          const rgb: Vec3 = [r, g, b];
          expect(dicomLabToRgb(rgbToDicomLab(rgb))).toEqual(rgb);
        }
  });
});
