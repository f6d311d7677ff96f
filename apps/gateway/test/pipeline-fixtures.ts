/** Inputs for the pipeline e2e tests: a repaired copy of a real CT, synthetic series, model packages. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { CT_BODY_MANIFEST } from '@delineo/models';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';
import { shared } from './harness';

export const TS_DIR = shared('totalsegmentator');
const FAKE_SEGMENTER = path.resolve(__dirname, '../../../test-support/fake-segmenter.cjs');

/**
 * TotalSegmentator's example CT has EMPTY Study/Series/SOP Instance UIDs (the gateway refuses it,
 * as it should). The issue asks for a temporary repaired copy: new UIDs and a patient ID/name.
 */
export function repairedTotalSegmentatorCt(dir: string): string {
  const src = path.join(TS_DIR, 'example_ct_dicom');
  const out = path.join(dir, 'ts-ct');
  mkdirSync(out, { recursive: true });
  readdirSync(src)
    .sort()
    .forEach((f, i) => {
      const p = parsePart10(readFileSync(path.join(src, f)));
      if (!p.dataset.string(Tag.SOPClassUID)) p.dataset.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2'); // CT Image Storage
      // Its PatientID and PatientName are empty too; a PACS and an EHR file results by them.
      p.dataset.setString(Tag.PatientID, 'LO', 'TS-EXAMPLE-001');
      p.dataset.setString(Tag.PatientName, 'PN', 'TOTALSEG^EXAMPLE');
      p.dataset.setString(Tag.StudyInstanceUID, 'UI', '2.25.424242001');
      p.dataset.setString(Tag.SeriesInstanceUID, 'UI', '2.25.424242001.1');
      p.dataset.setString(Tag.SOPInstanceUID, 'UI', `2.25.424242001.1.${i + 1}`);
      writeFileSync(path.join(out, `${f}.dcm`), writePart10(p.dataset, { transferSyntaxUid: p.transferSyntaxUid }));
    });
  return out;
}

/** A synthetic CT series (its own study and series UIDs) written to dir/name. */
export function syntheticCtDir(dir: string, n: number, count = 24): string {
  const out = path.join(dir, `synthetic-${n}`);
  mkdirSync(out, { recursive: true });
  syntheticCtSeries({ count, rows: 96, cols: 96, patientId: `PID-SYN-${n}`, seriesUid: `2.25.7700${n}` }).forEach(
    (f, i) => writeFileSync(path.join(out, `${i}.dcm`), f),
  );
  return out;
}

/**
 * MODELS_DIR with `slow-threshold`: an external command (a real program, NIfTI in and out) that
 * sleeps first, so a test can kill the worker or flush Redis while a job is running.
 */
export function modelsDir(sleepSeconds: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-models-'));
  mkdirSync(path.join(dir, 'slow-threshold'));
  const manifest = {
    ...CT_BODY_MANIFEST,
    id: 'slow-threshold',
    name: 'Threshold CLI (test)',
    runner: {
      kind: 'command',
      argv: [process.execPath, FAKE_SEGMENTER, '{input}', '{output}', '200', '--sleep', String(sleepSeconds)],
      timeoutSeconds: 120,
    },
    labels: CT_BODY_MANIFEST.labels.slice(0, 2),
  };
  writeFileSync(path.join(dir, 'slow-threshold', 'manifest.json'), JSON.stringify(manifest));
  // failing-cli: a program that always exits 3 with values on stderr (the runner redacts them).
  mkdirSync(path.join(dir, 'failing-cli'));
  const failing = {
    ...manifest,
    id: 'failing-cli',
    runner: { ...manifest.runner, argv: [process.execPath, FAKE_SEGMENTER, '{input}', '{output}', '200', '--fail'] },
  };
  writeFileSync(path.join(dir, 'failing-cli', 'manifest.json'), JSON.stringify(failing));
  return dir;
}
