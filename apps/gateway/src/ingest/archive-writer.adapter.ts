import type { DataSource } from 'typeorm';
import { ArchiveRepository, commitToKnownSeries, SeriesEntity, VaultRepository } from '@delineo/db';
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

  async commit(record: InstanceRecord): Promise<CommitResult> {
    const input = toNewInstanceInput(record);
    const seriesId = this.knownSeries.get(input.series.seriesInstanceUid);
    if (seriesId) {
      const r = await commitToKnownSeries(this.ds.manager, {
        seriesId, instance: input.instance, route: input.route,
        vault: { lookupKey: record.pseudonyms.sopInstanceUid, sealed: record.vaultRecord },
      });
      if (r) {
        return {
          outcome: r.outcome, seriesId, seriesReopened: r.seriesReopened, previousObjectKey: r.previousObjectKey,
          seriesExpectedInstances: r.expectedInstances, seriesInstanceCount: r.instanceCount,
        };
      }
      this.knownSeries.delete(input.series.seriesInstanceUid);
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
}
