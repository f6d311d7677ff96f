/**
 * Imports a TensorFlow.js layers-model (brainchop MeshNet) as an ONNX model package:
 *   npm run model:import -- <path/to/model.json> [--out MODELS_DIR/brain-meshnet-18] [--id brain-meshnet-18] [--version 1.0.0]
 * Writes model.onnx + manifest.json to --out, or to $MODELS_DIR/<id> when --out is absent.
 */
import { resolve } from 'node:path';
import { writeModelPackage } from '../libs/models/src/onnx';

function main(argv: string[]): void {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) flags.set(argv[i].slice(2), argv[++i]);
    else positional.push(argv[i]);
  }
  const modelJson = positional[0];
  if (!modelJson) {
    console.error(
      'usage: model-import <model.json> [--out DIR] [--id ID] [--version X.Y.Z] [--colormap colormap.json]',
    );
    process.exit(2);
  }
  const id = flags.get('id') ?? 'brain-meshnet-18';
  // Weights never go into the repository: the package lands in MODELS_DIR unless --out says where.
  const out = flags.get('out') ?? (process.env.MODELS_DIR ? `${process.env.MODELS_DIR}/${id}` : undefined);
  if (!out) {
    console.error('model-import: pass --out DIR or set MODELS_DIR');
    process.exit(2);
  }
  const outDir = resolve(out);
  const manifest = writeModelPackage({
    modelJsonPath: resolve(modelJson),
    outDir,
    id,
    version: flags.get('version'),
    colormapPath: flags.get('colormap'),
  });
  console.log(
    `wrote ${outDir}/model.onnx and manifest.json (${manifest.id} ${manifest.version}, ${manifest.labels.length} labels)`,
  );
}

main(process.argv.slice(2));
