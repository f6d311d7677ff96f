import { Problems } from './manifest.checks';

const ALGORITHM_TYPES = ['AUTOMATIC', 'SEMIAUTOMATIC', 'MANUAL'] as const;

/** Code Sequence Macro attributes (PS3.3 §8.8): value, scheme and meaning are all required. */
function validateCode(p: Problems, path: string, v: unknown): void {
  const o = p.object(path, v);
  if (!o) return;
  p.known(path, o, ['CodeValue', 'CodingSchemeDesignator', 'CodeMeaning']);
  for (const k of ['CodeValue', 'CodingSchemeDesignator', 'CodeMeaning']) p.string(`${path}.${k}`, o[k]);
}

/** Labels: values 1…255 (Uint8 label map, Segment Number ≥ 1 per PS3.3 §C.8.20.2), unique. */
export function validateLabels(p: Problems, v: unknown): Set<number> {
  const values = new Set<number>();
  (p.array('labels', v, 1) ?? []).forEach((item, i) => {
    const path = `labels[${i}]`;
    const l = p.object(path, item);
    if (!l) return;
    p.known(path, l, ['value', 'name', 'category', 'type', 'modifier', 'recommendedDisplayRGB', 'algorithmType']);
    const value = p.number(`${path}.value`, l.value, { integer: true, min: 1, max: 255 });
    if (value !== undefined && values.has(value)) p.add(`${path}.value`, `duplicates label value ${value}`);
    if (value !== undefined) values.add(value);
    p.string(`${path}.name`, l.name);
    validateCode(p, `${path}.category`, l.category);
    validateCode(p, `${path}.type`, l.type);
    if (l.modifier !== undefined) validateCode(p, `${path}.modifier`, l.modifier);
    const rgb = l.recommendedDisplayRGB;
    if (!Array.isArray(rgb) || rgb.length !== 3) p.add(`${path}.recommendedDisplayRGB`, 'must be [r, g, b]');
    else rgb.forEach((c, j) => p.number(`${path}.recommendedDisplayRGB[${j}]`, c, { integer: true, min: 0, max: 255 }));
    p.oneOf(`${path}.algorithmType`, l.algorithmType, ALGORITHM_TYPES);
  });
  return values;
}

export function validatePostprocessing(p: Problems, v: unknown, labelValues: Set<number>): void {
  (p.array('postprocessing', v) ?? []).forEach((item, i) => {
    const path = `postprocessing[${i}]`;
    const s = p.object(path, item);
    if (!s || !p.oneOf(`${path}.kind`, s.kind, ['largest-connected-component'] as const)) return;
    p.known(path, s, ['kind', 'labels']);
    if (s.labels === undefined) return;
    (p.array(`${path}.labels`, s.labels, 1) ?? []).forEach((l, j) => {
      const n = p.number(`${path}.labels[${j}]`, l, { integer: true, min: 1, max: 255 });
      if (n !== undefined && !labelValues.has(n)) p.add(`${path}.labels[${j}]`, `label ${n} is not declared in labels`);
    });
  });
}
