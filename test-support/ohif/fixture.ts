/**
 * What the OHIF test views: a synthetic CT (test-data phantom: soft-tissue body, lungs, spine)
 * segmented by a real external program (fake-segmenter.cjs, NIfTI in and out, run by the command
 * runner) into a SEG in the archive. The labels' colours are chosen far from OHIF's UI palette and
 * from grey, so a screenshot shows the overlay unambiguously.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CT_BODY_MANIFEST } from '@delineo/models';
import { syntheticCtSeries } from '../../test-data/synthetic-ct';

const FAKE_SEGMENTER = path.resolve(__dirname, '../fake-segmenter.cjs');
export const OHIF_MODEL = 'ohif-threshold';
/** Phantom HU: body 40, spine 700. Threshold 30: label 1 = body (30 < v ≤ 60), label 2 = spine (v > 60). */
const THRESHOLD = '30';

/** MODELS_DIR with one command model whose two labels are magenta and yellow. */
export function ohifModelsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-ohif-models-'));
  mkdirSync(path.join(dir, OHIF_MODEL));
  const [body, second] = CT_BODY_MANIFEST.labels;
  const manifest = {
    ...CT_BODY_MANIFEST,
    id: OHIF_MODEL,
    name: 'Threshold CLI (OHIF test)',
    runner: {
      kind: 'command',
      argv: [process.execPath, FAKE_SEGMENTER, '{input}', '{output}', THRESHOLD],
      timeoutSeconds: 120,
    },
    labels: [
      { ...body, recommendedDisplayRGB: [255, 0, 255] },
      { ...second, value: 2, recommendedDisplayRGB: [255, 255, 0] },
    ],
  };
  writeFileSync(path.join(dir, OHIF_MODEL, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** A synthetic CT series (Part 10 files) written to dir/ct; returns the directory. */
export function ohifCtDir(dir: string): string {
  const out = path.join(dir, 'ct');
  mkdirSync(out, { recursive: true });
  syntheticCtSeries({ count: 16, rows: 128, cols: 128, patientId: 'PID-OHIF-1', seriesUid: '2.25.880001' }).forEach(
    (f, i) => writeFileSync(path.join(out, `${i}.dcm`), f),
  );
  return out;
}
