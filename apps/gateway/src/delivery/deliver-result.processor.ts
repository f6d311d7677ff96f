import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig, DestinationSettings } from '@delineo/config';
import { PipelineRepository } from '@delineo/db';
import { JobHandlerRegistry, PermanentJobError, type JobHandler } from '@delineo/queue';
import { CoreTokens } from '../core/core.tokens';
import { preparationOutcome, type AttemptOutcome } from './attempt-outcome';
import { DeliveryRecorder } from './delivery-recorder';
import { ResultPayloads } from './result-payloads';
import { senderOptions } from './sender-options';
import { createSender, type Sender } from './senders';

/**
 * Consumes deliver-result, one queue partition per destination (a dead PACS holds up only
 * itself). An attempt re-identifies the stored result in memory, sends it, and records the
 * outcome; the queue retries with capped exponential backoff.
 */
@Injectable()
export class DeliverResultProcessor implements OnModuleInit {
  constructor(
    @Inject(JobHandlerRegistry) private readonly handlers: Pick<JobHandlerRegistry, 'register'>,
    @Inject(PipelineRepository) private readonly series: Pick<PipelineRepository, 'findSeries'>,
    @Inject(ResultPayloads) private readonly payloads: Pick<ResultPayloads, 'identifiers' | 'seg' | 'report'>,
    @Inject(DeliveryRecorder) private readonly recorder: Pick<DeliveryRecorder, 'alreadyDelivered' | 'record'>,
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const opts = senderOptions(this.config);
    for (const dest of this.config.destinations) {
      this.handlers.register('deliver-result', this.handler(dest, createSender(dest, opts)), {
        partition: dest.name,
        concurrency: 1,
      });
    }
  }

  handler(dest: DestinationSettings, sender: Sender): JobHandler<'deliver-result'> {
    return async (job) => {
      const s = await this.series.findSeries(job.data.seriesId);
      if (!s || (s.state !== 'segmented' && s.state !== 'delivered')) {
        throw new PermanentJobError('delivery/not-segmented', 'the series has no result to deliver');
      }
      if (await this.recorder.alreadyDelivered(s, dest.name)) return { outcome: 'already-delivered' };
      let outcome: AttemptOutcome;
      try {
        const identifiers = await this.payloads.identifiers(s.id);
        if (sender.payload === 'fhir') {
          outcome = await sender.send(
            await this.payloads.report(s, identifiers, dest as Extract<DestinationSettings, { type: 'fhir' }>),
          );
        } else {
          outcome = await sender.send(await this.payloads.seg(s, identifiers));
        }
      } catch (err) {
        outcome = preparationOutcome(err);
      }
      return this.recorder.record(job.attemptsMade + 1, s, dest.name, outcome);
    };
  }
}
