import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assembleSeries, decodeNifti, encodeNifti, niftiAffine, reorient, Volume } from '@delineo/volume';

const SHARED = resolve(__dirname, '../../../../shared/data');
const XA30 = join(SHARED, 'dcm_qa_xa30');
const MPRAGE = join(SHARED, 'dcm_qa_philips_enh/1301_ADNI_Sag3D_MPRAGE');

const dicomFiles = (dir: string): Buffer[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => readFileSync(join(dir, f)));

/** Both volumes in the same canonical voxel order, then shape, affine and voxels side by side. */
function compare(ours: Volume, ref: Volume): { maxVoxel: number; maxAffine: number } {
  const a = reorient(ours, 'RAS');
  const b = reorient(ref, 'RAS');
  expect(a.dims).toEqual(b.dims);
  const fa = niftiAffine(a);
  const fb = niftiAffine(b);
  const maxAffine = Math.max(...fa.map((v, i) => Math.abs(v - fb[i])));
  let maxVoxel = 0;
  for (let i = 0; i < a.data.length; i++) maxVoxel = Math.max(maxVoxel, Math.abs(a.data[i] - b.data[i]));
  return { maxVoxel, maxAffine };
}

function dcm2niix(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v dcm2niix'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

describe('agreement with dcm2niix', () => {
  it('matches the dcm2niix reference NIfTI for the XA30 Enhanced MR file (shape, affine, voxels)', async () => {
    const dir = join(XA30, '5_anat-T1w_acq-tfl');
    const vol = await assembleSeries(dicomFiles(dir));
    expect(vol.dims).toEqual([128, 128, 96]);
    expect(new Set(vol.sources.map((s) => s.sopInstanceUid)).size).toBe(1);
    expect(vol.sources.map((s) => s.frameNumber).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 96 }, (_, i) => i + 1),
    );
    const ours = decodeNifti(encodeNifti(vol));
    const ref = decodeNifti(readFileSync(join(XA30, 'Ref/5_anat-T1w_acq-tfl.nii')));
    const { maxVoxel, maxAffine } = compare(ours, ref);
    console.log(`XA30 vs dcm2niix Ref: max voxel diff ${maxVoxel}, max affine diff ${maxAffine.toExponential(2)}`);
    expect(maxVoxel).toBe(0);
    expect(maxAffine).toBeLessThan(1e-3);
  });

  const bin = dcm2niix();
  const run = bin || process.env.DELINEO_REQUIRE_PEERS === '1' ? it : it.skip;
  run('matches installed dcm2niix on 170 classic Philips MPRAGE slices', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'delineo-d2n-'));
    try {
      // -p n: display scaling (RescaleSlope/Intercept), as DICOM defines real-world values here;
      // dcm2niix's default Philips "precise float" would divide by the private ScaleSlope too.
      const r = spawnSync(bin ?? 'dcm2niix', ['-z', 'n', '-p', 'n', '-f', 'out', '-o', tmp, MPRAGE], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const ref = decodeNifti(readFileSync(join(tmp, 'out.nii')));
      const vol = await assembleSeries(dicomFiles(MPRAGE));
      expect(vol.dims).toEqual([256, 256, 170]);
      const { maxVoxel, maxAffine } = compare(decodeNifti(encodeNifti(vol)), ref);
      console.log(`MPRAGE vs dcm2niix: max voxel diff ${maxVoxel}, max affine diff ${maxAffine.toExponential(2)}`);
      // dcm2niix stores raw int16 with a float32 scl_slope; allow float32 rounding of the product.
      const peak = vol.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxVoxel).toBeLessThanOrEqual(2 * peak * 2 ** -24);
      expect(maxAffine).toBeLessThan(1e-3);
    } finally {
      if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    }
  });
});
