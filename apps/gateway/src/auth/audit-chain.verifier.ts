import { GENESIS_HASH, verifyChain, type ChainedAuditRecord, type ChainVerification } from '@delineo/auth';
import type { AuditRow } from '@delineo/db';

const BATCH = 1000;

/**
 * Verifies the whole chain from the first record, a batch at a time, and names the first broken
 * record (changed content, removed or reordered rows). Used by `npm run audit:verify` and the API.
 */
export async function verifyAuditChain(
  rows: AsyncIterable<AuditRow>,
): Promise<ChainVerification & { last?: { seq: number; hash: string } }> {
  let anchor = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  let batch: ChainedAuditRecord[] = [];
  const flush = (): ChainVerification => {
    const r = verifyChain(batch, anchor);
    if (r.ok && batch.length) anchor = { seq: batch[batch.length - 1].seq, hash: batch[batch.length - 1].hash };
    if (r.ok) count += r.count;
    batch = [];
    return r;
  };
  for await (const row of rows) {
    batch.push(toChained(row));
    if (batch.length >= BATCH) {
      const r = flush();
      if (!r.ok) return r;
    }
  }
  const r = flush();
  return r.ok ? { ok: true, count, last: count ? anchor : undefined } : r;
}

function toChained(r: AuditRow): ChainedAuditRecord {
  const outcome = r.outcome as ChainedAuditRecord['outcome'];
  const actorType = r.actorType as ChainedAuditRecord['actorType'];
  return { ...r, actorType, outcome, details: r.details ?? undefined };
}
