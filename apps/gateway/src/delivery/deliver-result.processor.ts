import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { LiveSettings, type AppConfig, type DestinationSettings } from '@delineo/config';
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
 * outcome; the queue retries with capped exponential backoff. Each attempt reads its destination
 * from the live settings (issue 15): an edited host or URL applies to the next attempt, a removed
 * destination dead-letters its jobs, and an added one gets its queue at once.
 */
@Injectable()
export class DeliverResultProcessor implements OnModuleInit, OnApplicationBootstrap {
  /** One sender per destination object: a settings version's objects are frozen, so a change makes a new one. */
  private readonly senders = new WeakMap<DestinationSettings, Sender>();

  constructor(
    @Inject(JobHandlerRegistry)
    private readonly handlers: Pick<JobHandlerRegistry, 'register' | 'attachPartition' | 'has'>,
    @Inject(PipelineRepository) private readonly series: Pick<PipelineRepository, 'findSeries'>,
    @Inject(ResultPayloads) private readonly payloads: Pick<ResultPayloads, 'identifiers' | 'seg' | 'report'>,
    @Inject(DeliveryRecorder) private readonly recorder: Pick<DeliveryRecorder, 'alreadyDelivered' | 'record'>,
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current' | 'subscribe'>,
  ) {}

  onModuleInit(): void {
    for (const dest of this.live.current().destinations) {
      this.handlers.register('deliver-result', this.handler(dest.name), { partition: dest.name, concurrency: 1 });
    }
  }

  onApplicationBootstrap(): void {
    this.live.subscribe((next) => {
      for (const d of next.destinations)
        if (!this.handlers.has('deliver-result', d.name))
          this.handlers.attachPartition('deliver-result', this.handler(d.name), { partition: d.name, concurrency: 1 });
    });
  }

  /** The live destination of this name and its sender; undefined once it was removed from the settings. */
  private current(name: string): { dest: DestinationSettings; sender: Sender } | undefined {
    const dest = this.live.current().destinations.find((d) => d.name === name);
    if (!dest) return undefined;
    let sender = this.senders.get(dest);
    if (!sender) this.senders.set(dest, (sender = createSender(dest, senderOptions(this.config))));
    return { dest, sender };
  }

  handler(name: string, fixed?: { dest: DestinationSettings; sender: Sender }): JobHandler<'deliver-result'> {
    return async (job) => {
      const s = await this.series.findSeries(job.data.seriesId);
      if (!s || (s.state !== 'segmented' && s.state !== 'delivered')) {
        throw new PermanentJobError('delivery/not-segmented', 'the series has no result to deliver');
      }
      const live = fixed ?? this.current(name);
      if (!live) {
        // Removed from the live settings: the delivery row is dead-lettered with the reason, so
        // the console shows it and it can be replayed if the destination comes back.
        const message = 'the destination is no longer configured';
        return this.recorder.record(job.attemptsMade + 1, s, name, {
          kind: 'permanent',
          code: 'delivery/unknown-destination',
          message,
        });
      }
      const { dest, sender } = live;
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
