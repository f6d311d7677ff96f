import type { DeliveryEntity, SegmentedOutcome, SeriesEntity, SeriesRoute, SeriesState } from '@delineo/db';
import type { ObjectStore } from '@delineo/storage';

/**
 * In-memory ports for the gateway's service specs: the same guarded transitions as libs/db's
 * repositories (id + generation + allowed source states), without a database. Test-only.
 */
export function seriesRow(over: Partial<SeriesEntity> & { id: string }): SeriesEntity {
  const now = new Date(0);
  return {
    seriesInstanceUid: `2.25.${over.id}`,
    studyId: 'study',
    modality: 'CT',
    seriesNumber: null,
    seriesDescription: null,
    bodyPartExamined: null,
    frameOfReferenceUid: null,
    state: 'complete',
    expectedInstances: null,
    lastInstanceAt: now,
    completedAt: now,
    route: { ruleName: 'r', modelId: 'ct-body', deliverTo: [] },
    errorCode: null,
    stateChangedAt: now,
    generation: 0,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    prepareMs: null,
    attempts: 0,
    segmentation: null,
    resultGeneration: null,
    createdAt: now,
    updatedAt: now,
    ...over,
  } as SeriesEntity;
}

export class InMemorySeries {
  readonly rows = new Map<string, SeriesEntity>();
  readonly volumes = new Map<string, SegmentedOutcome['volumes']>();

  add(...rows: SeriesEntity[]): this {
    for (const r of rows) this.rows.set(r.id, r);
    return this;
  }

  state(id: string): SeriesState | undefined {
    return this.rows.get(id)?.state;
  }

  async findSeries(id: string): Promise<SeriesEntity | null> {
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }

  markQueued = async (id: string, gen: number, prepareMs: number) =>
    this.move(id, gen, ['complete', 'queued', 'running'], 'queued', { prepareMs });
  markRunning = async (id: string, gen: number, attempts: number) =>
    this.move(id, gen, ['queued', 'running'], 'running', { attempts });
  markFailed = async (
    id: string,
    gen: number,
    errorCode: string,
    from: SeriesState[] = ['complete', 'queued', 'running'],
  ) => this.move(id, gen, from, 'failed', { errorCode });

  async markSegmented(id: string, gen: number, out: SegmentedOutcome): Promise<boolean> {
    const ok = this.move(id, gen, ['queued', 'running'], 'segmented', {
      segmentation: out.segmentation,
      attempts: out.attempts,
    });
    if (ok) this.volumes.set(id, out.volumes);
    return ok;
  }

  async markResultStored(id: string, gen: number): Promise<boolean> {
    const r = this.rows.get(id);
    if (!r || r.generation !== gen || (r.state !== 'segmented' && r.state !== 'delivered')) return false;
    r.resultGeneration = gen;
    return true;
  }

  async findAwaitingResult(): Promise<SeriesEntity[]> {
    return [...this.rows.values()].filter((r) => r.state === 'segmented' && r.resultGeneration !== r.generation);
  }

  async findStalled(states: SeriesState[], before: Date): Promise<SeriesEntity[]> {
    return [...this.rows.values()].filter(
      (r) => states.includes(r.state) && r.stateChangedAt < before && !!r.route?.modelId,
    );
  }

  private move(id: string, gen: number, from: SeriesState[], to: SeriesState, set: Partial<SeriesEntity>): boolean {
    const r = this.rows.get(id);
    if (!r || r.generation !== gen || !from.includes(r.state)) return false;
    Object.assign(r, set, { state: to, stateChangedAt: new Date() });
    return true;
  }
}

export class InMemoryDeliveries {
  readonly rows = new Map<string, DeliveryEntity>();
  unscheduled: string[] = [];

  private key = (seriesId: string, destination: string) => `${seriesId}/${destination}`;

  async schedule(seriesId: string, generation: number, destinations: readonly string[]): Promise<void> {
    for (const destination of destinations) {
      const old = this.rows.get(this.key(seriesId, destination));
      if (old && old.generation >= generation) continue;
      this.rows.set(this.key(seriesId, destination), {
        seriesId,
        destination,
        generation,
        state: 'pending',
        attempts: 0,
        errorCode: null,
        deliveredAt: null,
        updatedAt: new Date(),
      } as DeliveryEntity);
    }
  }

  async replay(seriesId: string, destination: string): Promise<DeliveryEntity | undefined> {
    const r = this.rows.get(this.key(seriesId, destination));
    if (r?.state !== 'dead-letter') return undefined;
    Object.assign(r, { state: 'pending', attempts: 0, errorCode: null });
    return { ...r };
  }

  async stalled(before: Date): Promise<DeliveryEntity[]> {
    return [...this.rows.values()].filter((r) => r.state === 'pending' && r.updatedAt < before);
  }

  async findUnscheduled(): Promise<string[]> {
    return this.unscheduled;
  }
}

/** An object store that keeps bytes in a Map; presigned URLs name the key so specs can see them. */
export function inMemoryStore(objects = new Map<string, Buffer>()): ObjectStore & { objects: Map<string, Buffer> } {
  return {
    objects,
    init: async () => undefined,
    put: async (key: string, data: Buffer) => void objects.set(key, Buffer.from(data)),
    get: async (key: string) =>
      objects.get(key) ?? Promise.reject(Object.assign(new Error('not found'), { code: 'storage/not-found' })),
    head: async (key: string) => (objects.has(key) ? { size: objects.get(key)!.length } : undefined),
    delete: async (key: string) => void objects.delete(key),
    presignGet: async (key: string) => new URL(`https://store.test/${key}?get`),
    presignPut: async (key: string) => new URL(`https://store.test/${key}?put`),
    ping: async () => undefined,
  } as unknown as ObjectStore & { objects: Map<string, Buffer> };
}

export const route = (deliverTo: string[] = [], modelId = 'ct-body'): SeriesRoute => ({
  ruleName: 'r',
  modelId,
  deliverTo,
});

export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
