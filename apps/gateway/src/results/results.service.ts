import { Inject, Injectable } from '@nestjs/common';
import { PipelineRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { PipelineEvents } from '../events/pipeline-events';
import { IngestService } from '../ingest/ingest.service';
import type { CatchUpStep } from '../pipeline/pipeline.tokens';
import { ResearchSegBuilder, researchSegKey } from './research-seg.builder';

export type ResultsSeries = Pick<PipelineRepository, 'findSeries' | 'markResultStored' | 'findAwaitingResult'>;

/**
 * The results step: a segmented series' pseudonymized research SEG is built once, stored, and
 * registered in the de-identified archive through ingest (the only writer of instance rows), so
 * QIDO-RS lists it and WADO-RS serves it whether or not the series has destinations. Then the
 * generation is marked as having its result, and 'result-stored' starts delivery.
 */
@Injectable()
export class ResultsService implements CatchUpStep {
  readonly stepName = 'results';

  constructor(
    @Inject(PipelineRepository) private readonly series: ResultsSeries,
    @Inject(ResearchSegBuilder) private readonly builder: Pick<ResearchSegBuilder, 'build'>,
    @Inject(IngestService) private readonly ingest: Pick<IngestService, 'ingestDerived'>,
    @Inject(PipelineEvents) private readonly events: Pick<PipelineEvents, 'emit'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info'>,
  ) {}

  /** Idempotent: a second call for the same generation registers the same bytes and changes nothing. */
  async store(seriesId: string): Promise<boolean> {
    const s = await this.series.findSeries(seriesId);
    if (!s || s.state !== 'segmented') return false;
    const part10 = await this.builder.build(s);
    const stored = await this.ingest.ingestDerived(part10, researchSegKey(s.id, s.generation));
    if (!(await this.series.markResultStored(s.id, s.generation))) return false; // re-run or reopened meanwhile
    this.log.info(
      { event: 'result-stored', seriesId: s.id, generation: s.generation, segSeries: stored.seriesInstanceUid },
      'research SEG stored',
    );
    this.events.emit('result-stored', { seriesId: s.id, generation: s.generation });
    return true;
  }

  /** Segmented series whose result was never registered (a crash between the two steps). */
  async reconcile(): Promise<number> {
    let n = 0;
    for (const s of await this.series.findAwaitingResult()) if (await this.store(s.id)) n++;
    return n;
  }
}
