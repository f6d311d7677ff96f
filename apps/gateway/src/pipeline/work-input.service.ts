import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { ArchiveRepository } from '@delineo/db';
import { workKeys } from '@delineo/jobs';
import type { ObjectStore } from '@delineo/storage';
import type { AssembledVolume, ModelThreadPool } from '@delineo/worker';
import { CoreTokens } from '../core/core.tokens';
import { PipelineTokens } from './pipeline.tokens';

export type WorkGrid = AssembledVolume['grid'];

/**
 * The worker's input, built from the de-identified archive once per generation: the stored
 * instances of the series, sorted along the slice normal and decoded by @delineo/volume in a
 * worker thread (JPEG 2000 or a 500-slice CT would otherwise hold the event loop for seconds).
 * Nothing here ever held PHI.
 */
@Injectable()
export class WorkInputService {
  constructor(
    @Inject(ArchiveRepository) private readonly archive: ArchiveRepository,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
    @Inject(PipelineTokens.ModelThreads) private readonly threads: Pick<ModelThreadPool, 'assemble'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'mode' | 'pipeline'>,
  ) {}

  /**
   * Stores the NIfTI volume and its per-slice sources (pseudonymized SOP UIDs, for the SEG later)
   * unless this generation already has them. `check` may refuse the grid (a coded error) before
   * anything is stored.
   */
  async ensure(seriesId: string, generation: number, check: (grid: WorkGrid) => void): Promise<void> {
    const keys = workKeys(seriesId, generation);
    if (await this.store.head(keys.volume)) return;
    const rows = await this.archive.instancesOf(seriesId);
    const built = await this.threads.assemble(await Promise.all(rows.map((r) => this.store.get(r.objectKey))));
    check(built.grid);
    await this.store.put(keys.sources, Buffer.from(JSON.stringify(built.grid)), { contentType: 'application/json' });
    const nifti = Buffer.from(built.nifti.buffer, built.nifti.byteOffset, built.nifti.byteLength);
    await this.store.put(keys.volume, nifti, { contentType: 'application/gzip' });
  }

  /** Where the worker reads and writes: pre-signed URLs (S3), or `fs:` keys (shared filesystem). */
  async locators(seriesId: string, generation: number): Promise<{ input: string; output: string }> {
    const keys = workKeys(seriesId, generation);
    if (this.config.mode.store.kind === 'fs') return { input: `fs:${keys.volume}`, output: `fs:${keys.labels}` };
    const ttl = this.config.pipeline.urlTtlSeconds;
    const [input, output] = await Promise.all([
      this.store.presignGet(keys.volume, ttl),
      this.store.presignPut(keys.labels, ttl),
    ]);
    return { input: input.toString(), output: output.toString() };
  }
}
