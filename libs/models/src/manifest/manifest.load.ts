import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelError } from '../errors';
import { validateManifest } from './manifest.validate';
import { ModelManifest } from './manifest.types';

export interface ModelPackage {
  /** Absolute folder of the package; runner files resolve against it. */
  dir: string;
  manifest: ModelManifest;
}

/** Reads and validates `<dir>/manifest.json`; an ONNX runner's file must exist in the folder. */
export function loadModelPackage(dir: string): ModelPackage {
  const abs = resolve(dir);
  let text: string;
  try {
    text = readFileSync(join(abs, 'manifest.json'), 'utf8');
  } catch {
    throw new ModelError('models/package-not-found', `no manifest.json in ${abs}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError('models/invalid-manifest', `manifest.json is not JSON: ${(e as Error).message}`, [
      `$: ${(e as Error).message}`,
    ]);
  }
  const manifest = validateManifest(json);
  if (manifest.runner.kind === 'onnx') {
    const file = join(abs, manifest.runner.file);
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })();
    if (!isFile)
      throw new ModelError('models/invalid-manifest', `runner.file ${manifest.runner.file} not found in package`, [
        'runner.file: not found in package',
      ]);
  }
  return { dir: abs, manifest };
}
