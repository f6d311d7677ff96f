import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';

export type CompletionReason = 'quiet-period' | 'association-released' | 'expected-count';

/**
 * Every event of the pipeline, with its payload. Payloads carry ids only, never dataset values.
 * Who emits and who listens is wired in one place: ./pipeline-flow.ts.
 */
export interface PipelineEventMap {
  /** ingest (series completion): a series stopped receiving instances. */
  'series-completed': { seriesId: string; reason: CompletionReason };
  /** pipeline (tracker): the worker's label map and volumes are recorded for this generation. */
  'series-segmented': { seriesId: string; generation: number };
  /**
   * pipeline (dispatcher, tracker) and delivery (recorder): the row took a state no other event
   * names; read by the console's live feed (./live-events.service.ts).
   */
  'series-state': { seriesId: string; state: 'complete' | 'queued' | 'running' | 'failed' | 'delivered' };
  /** results: the research SEG of this generation is stored and registered in the archive. */
  'result-stored': { seriesId: string; generation: number };
}

export type PipelineEventName = keyof PipelineEventMap;
export type PipelineListener<E extends PipelineEventName> = (payload: PipelineEventMap[E]) => Promise<void> | void;

/**
 * A typed, in-process event bus. The database stays the truth: a listener that fails is logged
 * and left to the reconciler, which finds the same work from the rows. Listeners run after the
 * emitter's own transaction has committed and never block it.
 */
@Injectable()
export class PipelineEvents {
  private readonly listeners = new Map<PipelineEventName, Array<{ name: string; fn: PipelineListener<never> }>>();

  constructor(@Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'error'>) {}

  on<E extends PipelineEventName>(event: E, name: string, fn: PipelineListener<E>): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ name, fn: fn as PipelineListener<never> });
    this.listeners.set(event, list);
  }

  emit<E extends PipelineEventName>(event: E, payload: PipelineEventMap[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      Promise.resolve()
        .then(() => (l.fn as PipelineListener<E>)(payload))
        .catch((err: unknown) =>
          this.log.error(
            { err, event: 'pipeline-listener-failed', on: event, listener: l.name },
            'pipeline step failed; the reconciler will retry',
          ),
        );
    }
  }

  listenerNames(event: PipelineEventName): string[] {
    return (this.listeners.get(event) ?? []).map((l) => l.name);
  }
}
