import type { SelectQueryBuilder } from 'typeorm';
import type { SeriesEntity, SeriesState } from './entities';

/** The console's series list filters; every one is optional and they combine with AND. */
export interface SeriesListFilter {
  /** Any of these states. */
  states?: readonly SeriesState[];
  /** The routed model id (the rule's model; the worker runs that one). */
  model?: string;
  /** Series-level Modality (0008,0060), as received. */
  modality?: string;
  /** Received at or after (inclusive). */
  receivedFrom?: Date;
  /** Received before (exclusive). */
  receivedTo?: Date;
  /** Name of the routing rule that matched at ingest. */
  rule?: string;
}

/**
 * A page: `offset` (the old paging, kept for existing clients) or `after`, a keyset cursor (our id of the
 * previous page's last row), which costs the same at any depth. `count` asks for the exact total,
 * which has to visit every matching row, so the console asks once, on its first page.
 */
export interface SeriesListQuery extends SeriesListFilter {
  /** @deprecated one state; use `states`. Kept for existing callers. */
  state?: SeriesState;
  limit: number;
  offset?: number;
  after?: string;
  count?: boolean;
}

/**
 * Adds the filters. Each has an index on (filter, created_at DESC, id DESC) (migration
 * SeriesList1767700000000), so a page walks one index in answer order and stops after `limit` rows.
 */
export function applySeriesFilter(qb: SelectQueryBuilder<SeriesEntity>, f: SeriesListQuery): void {
  // Received series only: a research SEG series (instances 'derived') is a result, shown with its source.
  qb.where(`NOT EXISTS (SELECT 1 FROM "instance" i WHERE i.series_id = s.id AND i.received_via = 'derived')`);
  const states = f.states ?? (f.state ? [f.state] : undefined);
  if (states?.length === 1) qb.andWhere('s.state = :state', { state: states[0] });
  else if (states?.length) qb.andWhere('s.state IN (:...states)', { states });
  if (f.model !== undefined) qb.andWhere(`s.route->>'modelId' = :model`, { model: f.model });
  if (f.rule !== undefined) qb.andWhere(`s.route->>'ruleName' = :rule`, { rule: f.rule });
  if (f.modality !== undefined) qb.andWhere('s.modality = :modality', { modality: f.modality });
  if (f.receivedFrom) qb.andWhere('s.created_at >= :from', { from: f.receivedFrom });
  if (f.receivedTo) qb.andWhere('s.created_at < :to', { to: f.receivedTo });
}

/**
 * Rows after the cursor row in (created_at DESC, id DESC) order. The cursor's timestamp is read in
 * SQL, not round-tripped through a JS Date, which would drop timestamptz's microseconds and repeat
 * or skip rows that share a millisecond. An unknown cursor matches nothing (empty page).
 */
export function applySeriesCursor(qb: SelectQueryBuilder<SeriesEntity>, after: string): void {
  qb.andWhere(`(s.created_at, s.id) < (SELECT c.created_at, c.id FROM "series" c WHERE c.id = :after)`, { after });
}
