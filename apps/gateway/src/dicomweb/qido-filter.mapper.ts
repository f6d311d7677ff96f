import type { QidoCondition, QidoFilter, QidoItemCondition, QidoKey } from '@delineo/db';
import type { QidoMatch, QidoQuery } from '@delineo/dicomweb';

/** The most results one QIDO-RS response carries (PS3.18 §8.3.4.4: the origin server's maximum). */
export const QIDO_MAX_RESULTS = 1000;

/** Date keys whose paired time key combines into one date-time range (PS3.4 §C.2.2.2.5.1). */
const DATE_TIME_PAIRS: readonly [string, string][] = [
  ['StudyDate', 'StudyTime'],
  ['PerformedProcedureStepStartDate', 'PerformedProcedureStepStartTime'],
];

export interface QidoPage {
  filter: QidoFilter;
  /** Results the client may get: its own limit, or our maximum when it asked for none or more. */
  limit: number;
  /** True when our maximum, not the client's limit, bounds this page (PS3.18 §10.6.3.2 Warning). */
  capped: boolean;
}

/**
 * Translates a parsed QIDO query into the archive's filter. Every key parseQidoQuery accepts has a
 * column in libs/db (QIDO_COLUMNS), so nothing reaching here is refused by the database. One more
 * row than the page is asked for, so the caller can tell a truncated answer.
 */
export function toQidoFilter(q: QidoQuery, scope: { study?: string; series?: string }): QidoPage {
  const capped = q.limit === undefined || q.limit > QIDO_MAX_RESULTS;
  const limit = Math.min(q.limit ?? QIDO_MAX_RESULTS, QIDO_MAX_RESULTS);
  const byKeyword = new Map(q.matches.map((m) => [m.keyword, m]));
  const conditions: QidoCondition[] = [];
  const paired = new Set<string>();
  for (const [dateKey, timeKey] of DATE_TIME_PAIRS) {
    const date = bounds(byKeyword.get(dateKey));
    const time = bounds(byKeyword.get(timeKey));
    if (!date || !time) continue;
    paired.add(dateKey).add(timeKey);
    conditions.push({
      key: dateKey as QidoKey,
      op: 'date-time-range',
      timeKey: timeKey as QidoKey,
      ...(date.from ? { from: { date: date.from, time: time.from } } : {}),
      ...(date.to ? { to: { date: date.to, time: time.to } } : {}),
    });
    // An open time bound on the other end still limits the time of day on that end's date.
    if (!date.from && time.from) conditions.push({ key: timeKey as QidoKey, op: 'range', from: time.from });
    if (!date.to && time.to) conditions.push({ key: timeKey as QidoKey, op: 'range', to: time.to });
  }
  for (const m of q.matches) if (!paired.has(m.keyword)) conditions.push(condition(m));
  const filter: QidoFilter = {
    conditions,
    limit: capped ? limit + 1 : limit,
    offset: q.offset,
    studyInstanceUid: scope.study,
    seriesInstanceUid: scope.series,
  };
  return { filter, limit, capped };
}

function bounds(m: QidoMatch | undefined): { from?: string; to?: string } | undefined {
  if (m?.kind === 'single') return { from: m.value, to: m.value };
  if (m?.kind === 'range') return { from: m.from, to: m.to };
  return undefined;
}

function condition(m: QidoMatch): QidoCondition {
  const key = m.keyword as QidoKey;
  switch (m.kind) {
    case 'single':
      // A DA/TM value names a whole day or (partial) time: it matches as a one-point range.
      return m.vr === 'DA' || m.vr === 'TM' || m.vr === 'DT'
        ? { key, op: 'range', from: m.value, to: m.value }
        : { key, op: 'in', values: [m.value] };
    case 'list':
    case 'uid-list':
      return { key, op: 'in', values: m.values };
    case 'wildcard':
      return { key, op: 'like', pattern: m.value };
    case 'empty':
      return { key, op: 'empty' };
    case 'range':
      return { key, op: 'range', from: m.from, to: m.to };
    case 'sequence':
      return { key: 'RequestAttributesSequence', op: 'item', item: m.items.map(itemCondition) };
  }
}

function itemCondition(m: QidoMatch): QidoItemCondition {
  const key = m.keyword;
  if (m.kind === 'single') return { key, op: 'in', values: [m.value] };
  if (m.kind === 'list' || m.kind === 'uid-list') return { key, op: 'in', values: m.values };
  if (m.kind === 'wildcard') return { key, op: 'like', pattern: m.value };
  return { key, op: 'empty' };
}
