import type { DataSource } from 'typeorm';
import { ArchiveRepository, commitToKnownSeries, preparedQueryOn, SeriesEntity, VaultRepository } from '@delineo/db';
import type { ArchiveWriter, CommitResult, InstanceRecord } from './ingest.ports';
import { toNewInstanceInput } from './instance-row.mapper';

const CACHE_LIMIT = 10_000;

/**
 * The instance row and its vault record in ONE transaction: both are durable, or neither is.
 * Once a series is known, each instance is a single SQL statement (see commitToKnownSeries),
 * because per-instance latency bounds C-STORE throughput on one association.
 */
export class TypeormArchiveWriter implements ArchiveWriter {
  private readonly archive: ArchiveRepository;
  private readonly vault: VaultRepository;
  /** pseudonymized SeriesInstanceUID → series row id; a hint only, verified by the statement. */
  private readonly knownSeries = new Map<string, string>();

  constructor(private readonly ds: DataSource) {
    this.archive = new ArchiveRepository(ds);
    this.vault = new VaultRepository(ds);
  }

  async commit(record: InstanceRecord, persistObject: () => Promise<void>): Promise<CommitResult> {
    const input = toNewInstanceInput(record);
    const seriesId = this.knownSeries.get(input.series.seriesInstanceUid);
    if (seriesId) {
      const hot = await this.commitHot(seriesId, record, input, persistObject);
      if (hot) return hot;
      this.knownSeries.delete(input.series.seriesInstanceUid);
    } else {
      await persistObject();
    }
    const result = await this.ds.transaction(async (em) => {
      const res = await this.archive.upsertInstance(em, input);
      // A changed copy brings changed identifiers: the vault follows the instance.
      await this.vault.put(em, record.pseudonyms.sopInstanceUid, record.vaultRecord, { replace: true });
      const out: CommitResult = {
        outcome: res.outcome, seriesId: res.seriesId, seriesReopened: res.seriesReopened, previousObjectKey: res.previousObjectKey,
      };
      if (input.series.expectedInstances) {
        const series = await em.findOneByOrFail(SeriesEntity, { id: res.seriesId });
        out.seriesExpectedInstances = series.expectedInstances;
        out.seriesInstanceCount = await this.archive.seriesInstanceCount(res.seriesId, em);
      }
      return out;
    });
    if (this.knownSeries.size >= CACHE_LIMIT) this.knownSeries.clear();
    this.knownSeries.set(input.series.seriesInstanceUid, result.seriesId);
    return result;
  }

  /**
   * The object is made durable while the transaction opens and the statement runs; COMMIT waits
   * for both, so a row never becomes visible (or durable) before its object. Undefined: series
   * row is gone — the object was written, and the caller's cold path commits it.
   */
  private async commitHot(
    seriesId: string,
    record: InstanceRecord,
    input: ReturnType<typeof toNewInstanceInput>,
    persistObject: () => Promise<void>,
  ): Promise<CommitResult | undefined> {
    const persisted = persistObject();
    persisted.catch(() => undefined); // awaited below; it may fail while BEGIN is still in flight
    const qr = this.ds.createQueryRunner();
    try {
      const prepared = await preparedQueryOn(qr);
      await qr.startTransaction();
      const statement = commitToKnownSeries(prepared, {
        seriesId, instance: input.instance, route: input.route,
        vault: { lookupKey: record.pseudonyms.sopInstanceUid, sealed: record.vaultRecord },
      });
      const [r] = await Promise.all([statement, persisted]);
      if (!r) {
        await qr.rollbackTransaction();
        return undefined;
      }
      await qr.commitTransaction();
      return {
        outcome: r.outcome, seriesId, seriesReopened: r.seriesReopened, previousObjectKey: r.previousObjectKey,
        seriesExpectedInstances: r.expectedInstances, seriesInstanceCount: r.instanceCount,
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
