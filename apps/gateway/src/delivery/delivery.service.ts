import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig, DestinationSettings } from '@delineo/config';
import { DeliveryEntity, DeliveryRepository, InstanceEntity, SeriesEntity } from '@delineo/db';
import { deliverResultJobId } from '@delineo/jobs';
import type { ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import { PermanentJobError, type JobHandler, type JobQueue } from '@delineo/queue';
import type { ObjectStore } from '@delineo/storage';
import type { ReidentificationService } from '../vault/reidentification.service';
import { reidentifiedSeg, reportBundle, seriesIdentifiers } from './reidentified-result';
import { registerResearchSeg, researchSeg } from './result-seg';
import { createSender, type DeliveryOutcome, type SenderOptions } from './senders';
import { senderOptions } from './sender-options';
import { DeliveryAttemptError, preparationOutcome } from './attempt-outcome';

export interface DeliveryDeps {
  ds: DataSource;
  store: ObjectStore;
  queue: JobQueue;
  registry: ModelRegistry;
  reid: ReidentificationService;
  projectKey: Buffer;
  config: AppConfig;
  log: Logger;
}

/**
 * Results back to the hospital: one queue partition per destination (a dead PACS holds up only
 * itself), retries with capped exponential backoff, a dead-letter state with replay, and the
 * series 'delivered' once every destination is. Re-identification happens inside the attempt, in
 * memory; only codes and pseudonymized ids are logged or stored.
 */
export class DeliveryService {
  private readonly repo: DeliveryRepository;
  private readonly destinations: Map<string, DestinationSettings>;
  private readonly sendOpts: SenderOptions;

  constructor(private readonly deps: DeliveryDeps) {
    this.repo = new DeliveryRepository(deps.ds);
    this.destinations = new Map(deps.config.destinations.map((d) => [d.name, d]));
    this.sendOpts = senderOptions(deps.config);
  }

  start(): void {
    for (const dest of this.destinations.values()) {
      this.deps.queue.process('deliver-result', this.handler(dest), { partition: dest.name, concurrency: 1 });
    }
  }

  /**
   * After segmentation: the pseudonymized research SEG is built once for every segmented series
   * (it stays in the object store), then one delivery job per destination of the route.
   */
  async schedule(seriesId: string): Promise<void> {
    const s = await this.deps.ds.manager.findOneBy(SeriesEntity, { id: seriesId });
    if (!s || s.state !== 'segmented') return;
    await registerResearchSeg(this.deps.ds, s, await researchSeg(this.deps, s));
    const wanted = s.route?.deliverTo ?? [];
    if (wanted.length === 0) return;
    const known = wanted.filter((d) => this.destinations.has(d));
    for (const d of wanted.filter((x) => !this.destinations.has(x))) this.deps.log.error({ event: 'delivery-unknown-destination', seriesId, destination: d }, 'routing names a destination that is not configured');
    await this.repo.schedule(s.id, s.generation, known);
    for (const destination of known) await this.enqueue(s.id, destination, s.generation);
  }

  async replay(seriesId: string, destination: string): Promise<DeliveryEntity | undefined> {
    const row = await this.repo.replay(seriesId, destination);
    if (!row) return undefined;
    const id = deliverResultJobId(seriesId, destination, row.generation);
    if (!(await this.deps.queue.retryFailed(id, destination))) await this.enqueue(seriesId, destination, row.generation);
    this.deps.log.info({ event: 'delivery-replayed', seriesId, destination }, 'dead-lettered delivery replayed');
    return row;
  }

  /** Segmented series never scheduled (a crash in between) and pending rows whose job was lost. */
  async reconcile(before: Date): Promise<number> {
    let n = 0;
    const unscheduled: { id: string }[] = await this.deps.ds.query(
      `SELECT s.id FROM "series" s WHERE s.state = 'segmented' AND jsonb_array_length(COALESCE(s.route -> 'deliverTo', '[]'::jsonb)) > 0
         AND NOT EXISTS (SELECT 1 FROM "delivery" d WHERE d.series_id = s.id AND d.generation = s.generation) LIMIT 100`,
    );
    for (const { id } of unscheduled) (await this.schedule(id), n++);
    for (const d of await this.repo.stalled(before)) {
      if (!this.destinations.has(d.destination)) continue;
      if (!(await this.deps.queue.getJob(deliverResultJobId(d.seriesId, d.destination, d.generation), d.destination))) {
        await this.enqueue(d.seriesId, d.destination, d.generation);
        n++;
      }
    }
    return n;
  }

  private async enqueue(seriesId: string, destination: string, generation: number): Promise<void> {
    const c = this.deps.config.delivery;
    await this.deps.queue.add('deliver-result', { seriesId, destination, correlationId: randomUUID() }, {
      jobId: deliverResultJobId(seriesId, destination, generation), partition: destination,
      attempts: c.attempts, backoffMs: c.backoffMs, backoffMaxMs: c.backoffMaxMs, timeoutMs: c.timeoutMs + 30_000,
    });
  }

  private handler(dest: DestinationSettings): JobHandler<'deliver-result'> {
    const sender = createSender(dest, this.sendOpts);
    return async (job) => {
      const { seriesId } = job.data;
      const s = await this.deps.ds.manager.findOneBy(SeriesEntity, { id: seriesId });
      if (!s || (s.state !== 'segmented' && s.state !== 'delivered')) throw new PermanentJobError('delivery/not-segmented', 'the series has no result to deliver');
      const row = await this.deps.ds.manager.findOneBy(DeliveryEntity, { seriesId, destination: dest.name });
      if (row?.state === 'delivered' && row.generation === s.generation) return { outcome: 'already-delivered' };
      let outcome: DeliveryOutcome;
      try {
        const identifiers = await seriesIdentifiers(this.deps.ds, this.deps.reid, s.id);
        outcome = sender.payload === 'fhir'
          ? await sender.send(await reportBundle(this.deps.ds, this.deps.registry, this.deps.projectKey, s, identifiers, dest as Extract<DestinationSettings, { type: 'fhir' }>))
          : await sender.send(reidentifiedSeg(await researchSeg(this.deps, s), identifiers, this.deps.projectKey, s));
      } catch (err) {
        outcome = preparationOutcome(err);
      }
      return this.record(job.attemptsMade + 1, s, dest.name, outcome);
    };
  }

  private async record(attempt: number, s: SeriesEntity, destination: string, outcome: DeliveryOutcome): Promise<{ outcome: string }> {
    const { log, config, ds, reid } = this.deps;
    const base = { seriesId: s.id, destination, attempt };
    if (outcome.kind === 'delivered') {
      const all = await this.repo.delivered(s.id, destination, s.generation, attempt);
      log.info({ event: 'result-delivered', ...base, detail: outcome.detail }, 'result delivered');
      if (all) {
        // The vault records have served their purpose: purge them after the retention period.
        const rows = await ds.manager.find(InstanceEntity, { where: { seriesId: s.id }, select: { id: true, sopInstanceUid: true } });
        await reid.markDelivered(rows.map((r) => r.sopInstanceUid), config.vault.retentionDaysAfterDelivery);
        log.info({ event: 'series-delivered', seriesId: s.id }, 'every destination has the result');
      }
      return { outcome: 'delivered' };
    }
    log.warn({ event: 'delivery-attempt-failed', ...base, code: outcome.code, kind: outcome.kind }, 'delivery attempt failed');
    if (outcome.kind === 'retry' && attempt < config.delivery.attempts) {
      await this.repo.attempt(s.id, destination, s.generation, attempt, outcome.code);
      throw new DeliveryAttemptError(outcome.code, outcome.message);
    }
    await this.repo.deadLetter(s.id, destination, s.generation, attempt, outcome.code);
    log.error({ event: 'delivery-dead-letter', ...base, code: outcome.code }, 'delivery dead-lettered; replay with POST /api/v1/series/{id}/deliveries/{destination}/replay');
    throw new PermanentJobError(outcome.code, outcome.message);
  }
}

