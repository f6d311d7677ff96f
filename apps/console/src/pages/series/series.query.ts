import { SERIES_STATES, type SeriesState } from '../../api/types';

/** The list's filters as the URL keeps them (a bookmarkable, back-button-friendly view). */
export interface SeriesFilters {
  state?: SeriesState;
  model?: string;
  modality?: string;
  from?: string;
  to?: string;
  rule?: string;
}
export const FILTER_KEYS = ['state', 'model', 'modality', 'from', 'to', 'rule'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

export function filtersFromSearch(sp: URLSearchParams): SeriesFilters {
  const f: SeriesFilters = {};
  for (const k of FILTER_KEYS) {
    const v = sp.get(k)?.trim();
    if (!v) continue;
    if (k === 'state') {
      if ((SERIES_STATES as readonly string[]).includes(v)) f.state = v as SeriesState;
    } else f[k] = v;
  }
  return f;
}

export function filtersToSearch(f: SeriesFilters, limit: number): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) sp.set(k, f[k]!);
  if (limit !== PAGE_SIZES[0]) sp.set('limit', String(limit));
  return sp;
}

/**
 * The query of GET /api/v1/series (apps/gateway/src/admin/series-list.query.ts): modality is a
 * CS value (upper case); dates are whole days, `to` included; `cursor` is the previous page's `next`.
 */
export function seriesApiQuery(
  f: SeriesFilters,
  limit: number,
  cursor?: string,
): Record<string, string | number | boolean> {
  const q: Record<string, string | number | boolean> = { limit };
  if (f.state) q.state = f.state;
  if (f.model) q.model = f.model;
  if (f.modality) q.modality = f.modality.toUpperCase();
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.rule) q.rule = f.rule;
  if (cursor) q.cursor = cursor;
  else q.count = true;
  return q;
}

export const limitFromSearch = (sp: URLSearchParams): number => {
  const n = Number(sp.get('limit'));
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : PAGE_SIZES[0];
};
