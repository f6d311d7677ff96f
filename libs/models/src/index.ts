export * from './errors';
export * from './manifest/manifest.types';
export { validateManifest } from './manifest/manifest.validate';
export { loadModelPackage } from './manifest/manifest.load';
export type { ModelPackage } from './manifest/manifest.load';
export { segmentCtBody, CT_BODY_LABELS } from './builtin/ct-body';
export type { CtBodyOptions, CtBodyResult } from './builtin/ct-body';
export { splitLungs, meanWorldX } from './builtin/ct-body.lungs';
export type { LungMasks } from './builtin/ct-body.lungs';
export { CT_BODY_MANIFEST } from './builtin/ct-body.manifest';
export { builtinAlgorithms, checkInput, getBuiltin } from './builtin/registry';
export type { BuiltinModel, SegmentationResult } from './builtin/registry';
export { labelVolumes } from './volumetry';
export type { LabelVolume } from './volumetry';
export { coverage, dice } from './metrics';
export * from './morphology/grid';
export { floodFill } from './morphology/flood';
export {
  findComponents,
  keepLargestComponents,
  labelComponents,
  removeSmallComponents,
  selectComponents,
} from './morphology/components';
export type { Component } from './morphology/components';
export { close, dilate, erode, open } from './morphology/binary';
export { fillHoles, outsideMask } from './morphology/fill-holes';
export * as onnx from './onnx';
export { ModelRegistry } from './run/model-registry';
export type { RegistryProblem } from './run/model-registry';
export { runModel } from './run/run-model';
export type { ModelRunResult, RunModelOptions } from './run/run-model';
export { runCommand } from './run/command-runner';
export type { CommandOptions } from './run/command-runner';
export { normalizeIntensity } from './run/intensity';
export { redactStderr } from './run/redact';
