/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadModelPackage } from '../manifest/manifest.load';
import { writeModelPackage } from './model-package';

const DATA = resolve(__dirname, '../../../../../shared/data');

interface DcmqiType {
  CodeValue: string;
  CodeMeaning: string;
  Modifier?: { CodeValue: string }[];
}

describe('model package import', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-pkg-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes model.onnx and a manifest with 17 coded labels from the brainchop colormap', async () => {
    const out = join(tmp, 'brain-meshnet-18');
    const manifest = writeModelPackage({
      modelJsonPath: join(DATA, 'brainchop/models/model18cls/model.json'),
      outDir: out,
    });
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest).toMatchObject({
      id: 'brain-meshnet-18',
      runner: { kind: 'onnx', file: 'model.onnx' },
      preprocessing: {
        orientation: 'LIA',
        fixedShape: [256, 256, 256],
        targetSpacing: [1, 1, 1],
        crop: { threshold: 0.2 },
      },
    });
    expect(manifest.labels.map((l) => l.value)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(manifest.labels[13]).toMatchObject({
      name: 'Hippocampus',
      recommendedDisplayRGB: [220, 216, 20],
      type: { CodeValue: '5366008' },
      algorithmType: 'AUTOMATIC',
    });
    expect(loadModelPackage(out).manifest).toEqual(manifest);
    expect(existsSync(join(out, 'model.onnx'))).toBe(true);
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    expect(session.outputNames).toEqual(['labels', 'logits']);
    await session.release();
  });

  it('uses only codes and laterality modifiers that the dcmqi master list has', () => {
    const master = JSON.parse(
      readFileSync(join(DATA, 'seg/dcmqi_SegmentationCategoryTypeModifier-DICOM-Master.json'), 'utf8'),
    ) as {
      SegmentationCodes: { Category: { CodeValue: string; Type: DcmqiType[] }[] };
    };
    const manifest = writeModelPackage({
      modelJsonPath: join(DATA, 'brainchop/models/model18cls/model.json'),
      outDir: join(tmp, 'codes'),
    });
    for (const label of manifest.labels) {
      const category = master.SegmentationCodes.Category.find((c) => c.CodeValue === label.category.CodeValue);
      const type = category?.Type.find((t) => t.CodeValue === label.type.CodeValue);
      expect({ name: label.name, meaning: type?.CodeMeaning }).toEqual({
        name: label.name,
        meaning: label.type.CodeMeaning,
      });
      if (label.modifier) expect(type?.Modifier?.map((m) => m.CodeValue)).toContain(label.modifier.CodeValue);
    }
  });
});
