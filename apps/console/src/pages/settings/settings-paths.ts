import type { ApiProblem } from '../../api/client';

/**
 * The paths of a settings problem (`destinations[0].url`, `/destinations/0/url`,
 * `settings.destinations.0.url`) in one dotted form, so each finding lands next to its field.
 */
export function normalizePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^settings\./, '');
}

export function fieldErrors(problem: ApiProblem | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of problem?.errors ?? []) {
    const p = normalizePath(e.path);
    m.set(p, [...(m.get(p) ?? []), e.message]);
  }
  return m;
}

/** The DOM id of the input for a settings path. */
export const fieldId = (path: string): string => `s-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
