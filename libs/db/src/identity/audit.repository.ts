import { type DataSource } from 'typeorm';
import { AuditRecordEntity } from '../entities';

/** What the caller computes under the lock: the new record with its place in the chain. */
export interface AuditRow {
  seq: number;
  time: Date;
  actorType: string;
  actorId: string;
  action: string;
  target: string | null;
  outcome: string;
  sourceAddress: string | null;
  requestId: string | null;
  details: Record<string, string | number | boolean | null> | null;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  outcome?: string;
  from?: Date;
  to?: Date;
  /** Records with seq below this one (paging newest first). */
  beforeSeq?: number;
  limit: number;
}

/** An arbitrary constant: the advisory lock that serialises appends to the chain. */
const CHAIN_LOCK = 7_301_240_121;

/**
 * The append-only audit log. Appends are serialised by a transaction-scoped advisory lock, so every
 * gateway instance extends ONE chain: read the last link, compute the next (the caller hashes),
 * insert, commit. Rows are never updated or deleted (a trigger refuses it).
 */
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  append(next: (previous: { seq: number; hash: string } | undefined) => AuditRow): Promise<AuditRow> {
    return this.ds.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const last = await em.findOne(AuditRecordEntity, {
        where: {},
        order: { seq: 'DESC' },
        select: { seq: true, hash: true },
      });
      const row = next(last ? { seq: Number(last.seq), hash: last.hash } : undefined);
      await em.insert(AuditRecordEntity, { ...row, seq: String(row.seq) });
      return row;
    });
  }

  async search(q: AuditQuery): Promise<AuditRow[]> {
    const qb = this.ds.manager.createQueryBuilder(AuditRecordEntity, 'a').orderBy('a.seq', 'DESC').limit(q.limit);
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.actorId) qb.andWhere('a.actorId = :actorId', { actorId: q.actorId });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.from) qb.andWhere('a.time >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.time < :to', { to: q.to });
    if (q.beforeSeq !== undefined) qb.andWhere('a.seq < :before', { before: q.beforeSeq });
    return (await qb.getMany()).map(toRow);
  }

  /** Every record in chain order, in batches (verification and JSON-lines export). */
  async *all(batch = 1000): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const rows = await this.ds.manager
        .createQueryBuilder(AuditRecordEntity, 'a')
        .where('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .limit(batch)
        .getMany();
      for (const r of rows) yield toRow(r);
      if (rows.length < batch) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async last(): Promise<{ seq: number; hash: string } | undefined> {
    const r = await this.ds.manager.findOne(AuditRecordEntity, {
      where: {},
      order: { seq: 'DESC' },
      select: { seq: true, hash: true },
    });
    return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
  }
}

function toRow(r: AuditRecordEntity): AuditRow {
  return { ...r, seq: Number(r.seq), time: new Date(r.time) };
}
