import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNifti, encodeNifti, niftiAffine, readNiftiFile, Volume, writeNiftiFile } from '@delineo/volume';

function oblique(flipZ = false): Volume {
  const a = 0.4,
    c = Math.cos(a),
    s = Math.sin(a);
  const z = flipZ ? -1 : 1;
  const dims: [number, number, number] = [5, 4, 3];
  const data = Float32Array.from({ length: 60 }, (_, i) => (i % 7) * 1.5 - 3.25);
  // columns: row dir, column dir, normal (or its negation: a left-handed grid)
  return {
    dims,
    spacing: [0.5, 0.75, 2],
    origin: [12.5, -30, 7],
    direction: [c, 0, z * s, 0, 1, 0, -s, 0, z * c],
    data,
    sources: [],
  };
}

const close = (a: number[], b: number[], tol: number): void =>
  a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol));

describe('NIfTI-1 read/write', () => {
  it.each([false, true])('round-trips dims, affine and voxels (left-handed grid: %s)', (flip) => {
    const vol = oblique(flip);
    const back = decodeNifti(encodeNifti(vol));
    expect(back.dims).toEqual(vol.dims);
    close(back.spacing, vol.spacing, 1e-5);
    close(back.origin, vol.origin, 1e-4);
    close(back.direction, vol.direction, 1e-6);
    expect([...back.data]).toEqual([...vol.data]);
  });

  it('writes the LPS affine as RAS (x and y negated) with sform and qform code 1', () => {
    const vol = oblique();
    const buf = encodeNifti(vol);
    expect(buf.readInt16LE(252)).toBe(1);
    expect(buf.readInt16LE(254)).toBe(1);
    expect(buf.readFloatLE(108)).toBe(352);
    expect(buf.readInt16LE(70)).toBe(16);
    expect(buf.toString('latin1', 344, 347)).toBe('n+1');
    const srow = Array.from({ length: 12 }, (_, i) => buf.readFloatLE(280 + 4 * i));
    close(srow, niftiAffine(vol).slice(0, 12), 1e-5);
    expect(srow[3]).toBeCloseTo(-12.5);
    expect(srow[7]).toBeCloseTo(30);
  });

  it.each([false, true])('gives the same affine from the qform as from the sform (left-handed: %s)', (flip) => {
    const vol = oblique(flip);
    const buf = encodeNifti(vol);
    buf.writeInt16LE(0, 254); // sform_code = 0 → readers fall back to the quaternion
    const back = decodeNifti(buf);
    close(niftiAffine(back), niftiAffine(vol), 1e-4);
  });

  it('writes label maps as uint8 or int16, rounding and clamping', () => {
    const vol = {
      ...oblique(),
      data: Float32Array.from({ length: 60 }, (_, i) => (i === 0 ? 300 : i === 1 ? -4 : i % 4) + 0.2),
    };
    const u8 = encodeNifti(vol, { datatype: 'uint8' });
    expect(u8.readInt16LE(70)).toBe(2);
    expect(u8.length).toBe(352 + 60);
    const back = decodeNifti(u8);
    expect([...back.data.slice(0, 4)]).toEqual([255, 0, 2, 3]);
    const i16 = decodeNifti(encodeNifti(vol, { datatype: 'int16' }));
    expect([...i16.data.slice(0, 3)]).toEqual([300, -4, 2]);
  });

  it("'lossless' writes int16 only when every voxel fits it exactly, else float32", () => {
    const hu = { ...oblique(), data: Float32Array.from({ length: 60 }, (_, i) => i * 50 - 1024) };
    const small = encodeNifti(hu, { datatype: 'lossless' });
    expect(small.readInt16LE(70)).toBe(4); // DT_INT16
    expect([...decodeNifti(small).data]).toEqual([...hu.data]);
    for (const v of [0.5, 40000]) {
      const data = Float32Array.from(hu.data, (x, i) => (i === 7 ? v : x));
      const out = encodeNifti({ ...hu, data }, { datatype: 'lossless' });
      expect(out.readInt16LE(70)).toBe(16); // DT_FLOAT32: nothing rounded or clamped
      expect(decodeNifti(out).data[7]).toBe(v);
    }
  });

  it('writes and reads .nii and .nii.gz files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'delineo-nii-'));
    try {
      for (const name of ['a.nii', 'a.nii.gz']) {
        writeNiftiFile(join(dir, name), oblique());
        expect([...readNiftiFile(join(dir, name)).data]).toEqual([...oblique().data]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies scl_slope/scl_inter on read', () => {
    const buf = encodeNifti(oblique(), { datatype: 'int16' });
    buf.writeFloatLE(2, 112);
    buf.writeFloatLE(10, 116);
    expect(decodeNifti(buf).data[2]).toBe(decodeNifti(encodeNifti(oblique(), { datatype: 'int16' })).data[2] * 2 + 10);
  });

  it('rejects a non-NIfTI buffer and 4D data with volume/invalid-nifti', () => {
    expect(() => decodeNifti(Buffer.alloc(400))).toThrow(expect.objectContaining({ code: 'volume/invalid-nifti' }));
    const buf = encodeNifti(oblique());
    buf.writeInt16LE(4, 40);
    buf.writeInt16LE(2, 48);
    expect(() => decodeNifti(buf)).toThrow(expect.objectContaining({ code: 'volume/invalid-nifti' }));
  });
});
