import { formatPath } from './config-error';

/** One changed leaf between two settings versions: absent `before` is an addition, absent `after` a removal. */
export interface SettingsChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

type Seg = string | number;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The changes from `a` to `b`, leaf by leaf, in document order. Arrays are compared by position:
 * the settings' lists (rules, destinations, callers) are ordered, and order matters to routing
 * (first match wins), so a moved rule is a change at both places.
 */
export function diffSettings(a: unknown, b: unknown, limit = 1000): SettingsChange[] {
  const out: SettingsChange[] = [];
  walk(a, b, [], out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: Seg[], out: SettingsChange[], limit: number): void {
  if (out.length >= limit) return;
  if (isObj(a) && isObj(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) walk(a[k], b[k], [...path, k], out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], out, limit);
    return;
  }
  if (a === undefined && b === undefined) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const change: SettingsChange = { path: formatPath(path) };
  if (a !== undefined) change.before = a;
  if (b !== undefined) change.after = b;
  out.push(change);
}
