import { DicomWebError } from '@delineo/dicomweb';
import type { RenderOptions, VoiFunction } from '@delineo/imaging';

type Query = Record<string, unknown>;

const FUNCTIONS: Record<string, VoiFunction> = { linear: 'LINEAR', 'linear-exact': 'LINEAR_EXACT', sigmoid: 'SIGMOID' };
const bad = (m: string) => new DicomWebError('dicomweb/bad-query', m);

function single(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`${name} may be given once`);
  return v;
}

/**
 * Rendered-resource query parameters (PS3.18 §8.3.5.1, Table 8.3.5-1): `window=center,width[,function]`
 * with function linear | linear-exact | sigmoid, `viewport=vw,vh` (the cropping form
 * vw,vh,sx,sy,sw,sh is refused: 400), `quality=1..100`. `annotation` is not supported: 400.
 */
export function parseRenderQuery(q: Query, thumbnail = false): Omit<RenderOptions, 'frame' | 'mediaType'> {
  const out: Omit<RenderOptions, 'frame' | 'mediaType'> = {};
  const window = thumbnail ? undefined : single(q, 'window');
  if (window !== undefined) {
    const [c, w, fn = 'linear', ...rest] = window.split(',');
    const center = Number(c);
    const width = Number(w);
    const f = FUNCTIONS[fn.toLowerCase()];
    if (rest.length > 0 || !Number.isFinite(center) || !(width > 0) || !f || c.trim() === '') {
      throw bad('window is center,width[,linear|linear-exact|sigmoid] with width > 0');
    }
    out.window = { center, width, fn: f };
  }
  const viewport = single(q, 'viewport');
  if (viewport !== undefined) {
    const parts = viewport.split(',');
    const [w, h] = parts.map(Number);
    if (parts.length !== 2 || !Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || w > 4096 || h > 4096) {
      throw bad('viewport is vw,vh, two integers 1..4096');
    }
    out.viewport = { width: w, height: h };
  }
  const quality = thumbnail ? undefined : single(q, 'quality');
  if (quality !== undefined) {
    const n = Number(quality);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw bad('quality is an integer 1..100');
    out.quality = n;
  }
  if (!thumbnail && q.annotation !== undefined) throw bad('annotation is not supported');
  return out;
}
