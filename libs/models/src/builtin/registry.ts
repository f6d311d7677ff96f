import type { Volume } from '@delineo/volume';
import { ModelError } from '../errors';
import { LabelVolume } from '../volumetry';
import { CT_BODY_MANIFEST } from './ct-body.manifest';
import { segmentCtBody } from './ct-body';
import { ModelManifest } from '../manifest/manifest.types';

/** What every runner hands back: a label map on the input grid plus per-label volumetry. */
export interface SegmentationResult {
  labelMap: Uint8Array;
  volumes: LabelVolume[];
}

export interface BuiltinModel {
  manifest: ModelManifest;
  run(vol: Volume): SegmentationResult;
}

const BUILTINS: Record<string, BuiltinModel> = {
  'ct-body': { manifest: CT_BODY_MANIFEST, run: (vol) => segmentCtBody(vol) },
};

export const builtinAlgorithms = (): string[] => Object.keys(BUILTINS);

export function getBuiltin(algorithm: string): BuiltinModel {
  const m = BUILTINS[algorithm];
  if (!m)
    throw new ModelError(
      'models/unknown-algorithm',
      `no built-in algorithm "${algorithm}" (have: ${builtinAlgorithms().join(', ')})`,
    );
  return m;
}

/** Checks a volume against a manifest's input criteria before a runner spends time on it. */
export function checkInput(manifest: ModelManifest, vol: Volume, modality: string): void {
  if (!manifest.input.modality.includes(modality)) {
    throw new ModelError(
      'models/input-rejected',
      `${manifest.id} takes ${manifest.input.modality.join('/')}, not ${modality}`,
    );
  }
  if (vol.dims[2] < manifest.input.minSlices) {
    throw new ModelError(
      'models/input-rejected',
      `${manifest.id} needs at least ${manifest.input.minSlices} slices, got ${vol.dims[2]}`,
    );
  }
}
