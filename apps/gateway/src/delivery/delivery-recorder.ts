import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { ArchiveRepository, DeliveryRepository, type SeriesEntity } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { PermanentJobError } from '@delineo/queue';
import { AuditService } from '../auth/audit.service';
import { CoreTokens } from '../core/core.tokens';
import { PipelineEvents } from '../events/pipeline-events';
import { ReidentificationService } from '../vault/reidentification.service';
import { DeliveryAttemptError, type AttemptOutcome } from './attempt-outcome';

const SYSTEM = { actorType: 'system' as const, actorId: 'delivery' };

export type RecorderDeliveries = Pick<DeliveryRepository, 'find' | 'delivered' | 'attempt' | 'deadLetter'>;

/**
 * Writes what an attempt ended with: 'delivered' (and the series once every destination is), a
 * retry (the queue backs off), or the dead-letter state after the last attempt or a permanent
 * failure. Only codes and pseudonymized ids are logged or stored.
 */
@Injectable()
export class DeliveryRecorder {
  constructor(
    @Inject(DeliveryRepository) private readonly deliveries: RecorderDeliveries,
    @Inject(ArchiveRepository) private readonly archive: Pick<ArchiveRepository, 'instancesOf'>,
    @Inject(ReidentificationService) private readonly reid: Pick<ReidentificationService, 'markDelivered'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'delivery' | 'vault'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    // Optional: the console's live feed listens (issue 15); unit specs build the recorder without it.
    @Optional() @Inject(PipelineEvents) private readonly events?: Pick<PipelineEvents, 'emit'>,
  ) {}

  async alreadyDelivered(s: SeriesEntity, destination: string): Promise<boolean> {
    const row = await this.deliveries.find(s.id, destination);
    return row?.state === 'delivered' && row.generation === s.generation;
  }

  /** Resolves for a delivery; throws (coded) for a retry or a dead letter, as the queue expects. */
  async record(
    attempt: number,
    s: SeriesEntity,
    destination: string,
    outcome: AttemptOutcome,
  ): Promise<{ outcome: 'delivered' }> {
    const base = { seriesId: s.id, destination, attempt };
    if (outcome.kind === 'delivered') {
      const all = await this.deliveries.delivered(s.id, destination, s.generation, attempt);
      this.log.info({ event: 'result-delivered', ...base, detail: outcome.detail }, 'result delivered');
      await this.audit.record({
        action: 'result.deliver',
        outcome: 'success',
        target: s.id,
        actor: SYSTEM,
        details: { destination, attempt },
      });
      if (all) {
        this.events?.emit('series-state', { seriesId: s.id, state: 'delivered' });
        // The vault records have served their purpose: purge them after the retention period.
        const rows = await this.archive.instancesOf(s.id);
        await this.reid.markDelivered(
          rows.map((r) => r.sopInstanceUid),
          this.config.vault.retentionDaysAfterDelivery,
        );
        this.log.info({ event: 'series-delivered', seriesId: s.id }, 'every destination has the result');
      }
      return { outcome: 'delivered' };
    }
    this.log.warn(
      { event: 'delivery-attempt-failed', ...base, code: outcome.code, kind: outcome.kind },
      'delivery attempt failed',
    );
    if (outcome.kind === 'retry' && attempt < this.config.delivery.attempts) {
      await this.deliveries.attempt(s.id, destination, s.generation, attempt, outcome.code);
      throw new DeliveryAttemptError(outcome.code, outcome.message);
    }
    await this.deliveries.deadLetter(s.id, destination, s.generation, attempt, outcome.code);
    await this.audit.record({
      action: 'result.deliver',
      outcome: 'failure',
      target: s.id,
      actor: SYSTEM,
      details: { destination, attempt, code: outcome.code },
    });
    this.log.error(
      { event: 'delivery-dead-letter', ...base, code: outcome.code },
      'delivery dead-lettered; replay with POST /api/v1/series/{id}/deliveries/{destination}/replay',
    );
    throw new PermanentJobError(outcome.code, outcome.message);
  }
}
