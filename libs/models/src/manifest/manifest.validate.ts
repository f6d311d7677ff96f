import { ModelError } from '../errors';
import { Problems } from './manifest.checks';
import { validateLabels, validatePostprocessing } from './manifest.labels';
import { ModelManifest } from './manifest.types';

const INTENSITY = ['hu-window', 'zscore', 'percentile', 'minmax', 'minmax-uint8'] as const;
const RUNNERS = ['builtin', 'onnx', 'command'] as const;
const PROVIDERS = ['cuda', 'webgpu', 'cpu'] as const;

function validatePreprocessing(p: Problems, v: unknown): void {
  const o = p.object('preprocessing', v);
  if (!o) return;
  p.known('preprocessing', o, ['orientation', 'targetSpacing', 'fixedShape', 'intensity', 'crop']);
  const orientation = p.oneOf('preprocessing.orientation', o.orientation, ['RAS', 'LPS', 'LIA', 'native'] as const);
  if (orientation === 'LIA') {
    if (o.targetSpacing === undefined || o.fixedShape === undefined)
      p.add('preprocessing', 'LIA (conform) needs both targetSpacing and fixedShape');
  } else if (o.targetSpacing !== undefined && o.fixedShape !== undefined)
    p.add('preprocessing', 'targetSpacing and fixedShape are exclusive');
  const crop = o.crop === undefined ? undefined : p.object('preprocessing.crop', o.crop);
  if (crop) p.number('preprocessing.crop.threshold', crop.threshold, { min: 0, max: 1 });
  if (o.targetSpacing !== undefined) p.vec3('preprocessing.targetSpacing', o.targetSpacing);
  if (o.fixedShape !== undefined && p.vec3('preprocessing.fixedShape', o.fixedShape)) {
    (o.fixedShape as number[]).forEach((n, i) =>
      p.number(`preprocessing.fixedShape[${i}]`, n, { integer: true, min: 1 }),
    );
  }
  const it = p.object('preprocessing.intensity', o.intensity);
  const kind = it && p.oneOf('preprocessing.intensity.kind', it.kind, INTENSITY);
  if (it && (kind === 'hu-window' || kind === 'percentile')) {
    const [a, b] = kind === 'hu-window' ? ['min', 'max'] : ['low', 'high'];
    const range = kind === 'percentile' ? { min: 0, max: 100 } : {};
    const lo = p.number(`preprocessing.intensity.${a}`, it[a], range);
    const hi = p.number(`preprocessing.intensity.${b}`, it[b], range);
    if (lo !== undefined && hi !== undefined && lo >= hi)
      p.add(`preprocessing.intensity.${b}`, `must be greater than ${a}`);
  }
}

function validateRunner(p: Problems, v: unknown): void {
  const o = p.object('runner', v);
  const kind = o && p.oneOf('runner.kind', o.kind, RUNNERS);
  if (!o || !kind) return;
  if (kind === 'builtin') {
    p.known('runner', o, ['kind', 'algorithm']);
    p.string('runner.algorithm', o.algorithm);
  } else if (kind === 'onnx') {
    p.known('runner', o, ['kind', 'file', 'inputName', 'outputName', 'patchSize', 'overlap', 'executionProviders']);
    const file = p.string('runner.file', o.file);
    if (file && (file.startsWith('/') || file.split(/[\\/]/).includes('..')))
      p.add('runner.file', 'must be a relative path inside the package');
    for (const k of ['inputName', 'outputName'] as const) if (o[k] !== undefined) p.string(`runner.${k}`, o[k]);
    if (o.patchSize !== undefined) p.vec3('runner.patchSize', o.patchSize);
    if (o.overlap !== undefined) p.number('runner.overlap', o.overlap, { min: 0, max: 1, exclusiveMax: true });
    const eps =
      o.executionProviders === undefined ? [] : (p.array('runner.executionProviders', o.executionProviders, 1) ?? []);
    eps.forEach((e, i) => p.oneOf(`runner.executionProviders[${i}]`, e, PROVIDERS));
  } else {
    p.known('runner', o, ['kind', 'argv', 'timeoutSeconds']);
    const argv = p.array('runner.argv', o.argv, 1) ?? [];
    argv.forEach((a, i) => p.string(`runner.argv[${i}]`, a));
    const joined = argv.join(' ');
    for (const ph of ['input', 'output']) {
      if (argv.length && !joined.includes(`{${ph}}`) && !joined.includes(`{${ph}Dir}`))
        p.add('runner.argv', `must contain the {${ph}} or {${ph}Dir} placeholder`);
    }
    p.number('runner.timeoutSeconds', o.timeoutSeconds, { min: 1 });
  }
}

/**
 * Checks a parsed manifest.json against the package contract and returns it typed. Every
 * problem is collected (with its JSON path) before failing, so an author fixes them in one go.
 */
export function validateManifest(json: unknown): ModelManifest {
  const p = new Problems();
  const o = p.object('$', json);
  if (o) {
    p.known('$', o, [
      'id',
      'version',
      'name',
      'description',
      'source',
      'input',
      'preprocessing',
      'runner',
      'labels',
      'postprocessing',
    ]);
    if (o.description !== undefined) p.string('description', o.description);
    const source = o.source === undefined ? undefined : p.object('source', o.source);
    if (source) for (const k of ['format', 'license', 'upstream'] as const) p.string(`source.${k}`, source[k]);
    const id = p.string('id', o.id);
    if (id && !/^[a-z0-9][a-z0-9._-]*$/.test(id)) p.add('id', 'must be lower-case letters, digits, ".", "_" or "-"');
    p.string('version', o.version);
    p.string('name', o.name);
    const input = p.object('input', o.input);
    if (input) {
      (p.array('input.modality', input.modality, 1) ?? []).forEach((m, i) => p.string(`input.modality[${i}]`, m));
      p.number('input.minSlices', input.minSlices, { integer: true, min: 1 });
    }
    validatePreprocessing(p, o.preprocessing);
    validateRunner(p, o.runner);
    const values = validateLabels(p, o.labels);
    validatePostprocessing(p, o.postprocessing, values);
  }
  if (p.list.length) {
    throw new ModelError(
      'models/invalid-manifest',
      `invalid model manifest (${p.list.length} problem(s)): ${p.list.join('; ')}`,
      p.list,
    );
  }
  return json as ModelManifest;
}
