import type { DataSource } from 'typeorm';
import { ArchiveRepository } from './archive.repository';
import type { NewInstanceInput, UpsertOutcome } from './archive.types';
import { SeriesEntity } from './entities';
import { commitToKnownSeries, preparedQueryOn } from './instance-hot-path';
import { VaultRepository, type SealedRecord } from './vault.repository';

const CACHE_LIMIT = 10_000;

export interface InstanceCommitResult {
  outcome: UpsertOutcome;
  seriesId: string;
  seriesReopened: boolean;
  previousObjectKey?: string;
  seriesExpectedInstances?: number | null;
  seriesInstanceCount?: number;
}

/** The vault record that commits with a received instance; derived instances have none. */
export interface VaultRecordInput {
  lookupKey: string;
  sealed: SealedRecord;
}

/**
 * The archive's one write transaction: the instance row and its vault record commit together or
 * not at all, and only after `persistObject` (the object store's durable write) has succeeded.
 * Once a series is known, each instance is a single SQL statement (see commitToKnownSeries),
 * because per-instance latency bounds C-STORE throughput on one association.
 */
export class InstanceCommitRepository {
  private readonly archive: ArchiveRepository;
  private readonly vault: VaultRepository;
  /** pseudonymized SeriesInstanceUID → series row id; a hint only, verified by the statement. */
  private readonly knownSeries = new Map<string, string>();

  constructor(private readonly ds: DataSource) {
    this.archive = new ArchiveRepository(ds);
    this.vault = new VaultRepository(ds);
  }

  async commit(
    input: NewInstanceInput,
    vault: VaultRecordInput | undefined,
    persistObject: () => Promise<void>,
  ): Promise<InstanceCommitResult> {
    const seriesId = vault ? this.knownSeries.get(input.series.seriesInstanceUid) : undefined;
    if (seriesId && vault) {
      const hot = await this.commitHot(seriesId, input, vault, persistObject);
      if (hot) return hot;
      this.knownSeries.delete(input.series.seriesInstanceUid);
    } else {
      await persistObject();
    }
    const result = await this.ds.transaction(async (em) => {
      const res = await this.archive.upsertInstance(em, input);
      // A changed copy brings changed identifiers: the vault follows the instance.
      if (vault) await this.vault.put(em, vault.lookupKey, vault.sealed, { replace: true });
      const out: InstanceCommitResult = {
        outcome: res.outcome,
        seriesId: res.seriesId,
        seriesReopened: res.seriesReopened,
        previousObjectKey: res.previousObjectKey,
      };
      if (input.series.expectedInstances) {
        const series = await em.findOneByOrFail(SeriesEntity, { id: res.seriesId });
        out.seriesExpectedInstances = series.expectedInstances;
        out.seriesInstanceCount = await this.archive.seriesInstanceCount(res.seriesId, em);
      }
      return out;
    });
    if (vault) {
      if (this.knownSeries.size >= CACHE_LIMIT) this.knownSeries.clear();
      this.knownSeries.set(input.series.seriesInstanceUid, result.seriesId);
    }
    return result;
  }

  /**
   * The object is made durable while the transaction opens and the statement runs; COMMIT waits
   * for both, so a row never becomes visible (or durable) before its object. Undefined: series
   * row is gone — the object was written, and the caller's cold path commits it.
   */
  private async commitHot(
    seriesId: string,
    input: NewInstanceInput,
    vault: VaultRecordInput,
    persistObject: () => Promise<void>,
  ): Promise<InstanceCommitResult | undefined> {
    const persisted = persistObject();
    persisted.catch(() => undefined); // awaited below; it may fail while BEGIN is still in flight
    const qr = this.ds.createQueryRunner();
    try {
      const prepared = await preparedQueryOn(qr);
      await qr.startTransaction();
      const statement = commitToKnownSeries(prepared, {
        seriesId,
        instance: input.instance,
        route: input.route,
        vault,
      });
      const [r] = await Promise.all([statement, persisted]);
      if (!r) {
        await qr.rollbackTransaction();
        return undefined;
      }
      await qr.commitTransaction();
      return {
        outcome: r.outcome,
        seriesId,
        seriesReopened: r.seriesReopened,
        previousObjectKey: r.previousObjectKey,
        seriesExpectedInstances: r.expectedInstances,
        seriesInstanceCount: r.instanceCount,
      };
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      // The caller deletes the object on failure: the write must have settled first.
      await persisted.catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }
}
