import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CT_BODY_MANIFEST } from '../builtin/ct-body.manifest';
import { ModelError } from '../errors';
import { loadModelPackage } from './manifest.load';
import { validateManifest } from './manifest.validate';

const PACKAGE = path.resolve(__dirname, '../../packages/ct-body');
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function problemsOf(json: unknown): string[] {
  try {
    validateManifest(json);
  } catch (e) {
    expect((e as ModelError).code).toBe('models/invalid-manifest');
    return (e as ModelError).problems;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('validateManifest', () => {
  it('accepts the built-in ct-body manifest', () => {
    expect(validateManifest(clone(CT_BODY_MANIFEST))).toEqual(CT_BODY_MANIFEST);
  });

  it('accepts an ONNX runner with patches and a command runner with placeholders', () => {
    const onnx = {
      ...clone(CT_BODY_MANIFEST),
      preprocessing: { orientation: 'RAS', targetSpacing: [1.5, 1.5, 1.5], intensity: { kind: 'zscore' } },
      runner: {
        kind: 'onnx',
        file: 'model.onnx',
        patchSize: [96, 96, 96],
        overlap: 0.5,
        executionProviders: ['cuda', 'cpu'],
      },
      postprocessing: [{ kind: 'largest-connected-component', labels: [2, 3] }],
    };
    expect(() => validateManifest(onnx)).not.toThrow();
    const cmd = {
      ...clone(CT_BODY_MANIFEST),
      runner: { kind: 'command', argv: ['seg', '-i', '{input}', '-o', '{output}'], timeoutSeconds: 600 },
    };
    expect(() => validateManifest(cmd)).not.toThrow();
  });

  it('collects every problem with its JSON path in one error', () => {
    // The manifest as loose JSON, to break it on purpose.
    type LooseJson = Record<string, unknown>;
    const bad = clone(CT_BODY_MANIFEST) as unknown as LooseJson & { input: LooseJson; labels: LooseJson[] };
    bad.id = 'CT Body';
    delete bad.version;
    bad.input.minSlices = 0;
    bad.preprocessing = {
      orientation: 'RAI',
      targetSpacing: [1, 1, 1],
      fixedShape: [64, 64, 64],
      intensity: { kind: 'hu-window', min: 400, max: -100 },
    };
    bad.labels[1].value = 1;
    bad.labels[2].recommendedDisplayRGB = [0, 300, 0];
    bad.labels[3].type = { CodeValue: '272673000', CodingSchemeDesignator: 'SCT' };
    bad.labels[0].colour = 'red';
    bad.postprocessing = [{ kind: 'largest-connected-component', labels: [9] }];
    expect(problemsOf(bad)).toEqual([
      'id: must be lower-case letters, digits, ".", "_" or "-"',
      'version: must be a non-empty string',
      'input.minSlices: must be ≥ 1',
      'preprocessing.orientation: must be one of RAS, LPS, LIA, native',
      'preprocessing: targetSpacing and fixedShape are exclusive',
      'preprocessing.intensity.max: must be greater than min',
      'labels[0].colour: unknown property',
      'labels[1].value: duplicates label value 1',
      'labels[2].recommendedDisplayRGB[1]: must be ≤ 255',
      'labels[3].type.CodeMeaning: must be a non-empty string',
      'postprocessing[0].labels[0]: label 9 is not declared in labels',
    ]);
  });

  it('checks runner fields per kind', () => {
    const onnx = {
      ...clone(CT_BODY_MANIFEST),
      runner: { kind: 'onnx', file: '../model.onnx', overlap: 1, executionProviders: ['tpu'] },
    };
    expect(problemsOf(onnx)).toEqual([
      'runner.file: must be a relative path inside the package',
      'runner.overlap: must be < 1',
      'runner.executionProviders[0]: must be one of cuda, webgpu, cpu',
    ]);
    const cmd = {
      ...clone(CT_BODY_MANIFEST),
      runner: { kind: 'command', argv: ['seg', '{input}'], timeoutSeconds: 0 },
    };
    expect(problemsOf(cmd)).toEqual([
      'runner.argv: must contain the {output} or {outputDir} placeholder',
      'runner.timeoutSeconds: must be ≥ 1',
    ]);
    expect(problemsOf({ ...clone(CT_BODY_MANIFEST), runner: { kind: 'docker' } })).toEqual([
      'runner.kind: must be one of builtin, onnx, command',
    ]);
    expect(problemsOf(null)).toEqual(['$: must be an object']);
  });
});

describe('loadModelPackage', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'delineo-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the shipped ct-body package, identical to the manifest in code', () => {
    const pkg = loadModelPackage(PACKAGE);
    expect(pkg.dir).toBe(PACKAGE);
    expect(pkg.manifest).toEqual(CT_BODY_MANIFEST);
  });

  it('fails with package-not-found without manifest.json and invalid-manifest for a missing ONNX file', () => {
    expect(() => loadModelPackage(dir)).toThrow(expect.objectContaining({ code: 'models/package-not-found' }));
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ ...CT_BODY_MANIFEST, runner: { kind: 'onnx', file: 'm.onnx' } }),
    );
    expect(() => loadModelPackage(dir)).toThrow(
      expect.objectContaining({ code: 'models/invalid-manifest', problems: ['runner.file: not found in package'] }),
    );
    writeFileSync(path.join(dir, 'm.onnx'), 'x');
    expect(loadModelPackage(dir).manifest.runner.kind).toBe('onnx');
  });

  it('reports malformed JSON as models/invalid-manifest', () => {
    writeFileSync(path.join(dir, 'manifest.json'), '{ "id": ');
    expect(() => loadModelPackage(dir)).toThrow(expect.objectContaining({ code: 'models/invalid-manifest' }));
  });
  it('needs both a shape and a spacing for an LIA conform', () => {
    const m = {
      ...CT_BODY_MANIFEST,
      preprocessing: {
        orientation: 'LIA',
        fixedShape: [256, 256, 256],
        intensity: { kind: 'minmax-uint8' },
        crop: { threshold: 2 },
      },
    };
    expect(problemsOf(m)).toEqual([
      'preprocessing: LIA (conform) needs both targetSpacing and fixedShape',
      'preprocessing.crop.threshold: must be ≤ 1',
    ]);
  });
});
